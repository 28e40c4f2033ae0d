"""The assessment's expression language: numbers, names, + - * /, unary minus, parentheses and
min()/max(), parsed with Python's `ast` and evaluated by walking the tree — never `eval`. An admin
writes e.g. `min(rate, 1) * 100` or `100 - overdue * 5`. Division by zero is 0 (an indicator with
nothing to divide must not stop the computation of a whole district)."""

import ast
import operator

__all__ = ["FormulaError", "parse", "evaluate", "names_in"]

MAX_LENGTH = 500
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: None}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCTIONS = {"min": min, "max": max}


class FormulaError(ValueError):
    """A formula that is not in the language, or names something unknown."""


def parse(text: str, allowed_names=None) -> ast.Expression:
    """The checked tree of `text`; FormulaError naming the first thing not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("公式为空 (the formula is empty)")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式超过 {MAX_LENGTH} 个字符 (the formula is longer than {MAX_LENGTH} characters)")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"公式语法错误 (syntax error at column {exc.offset})") from None
    for node in ast.walk(tree):
        _check(node, allowed_names)
    return tree


def _check(node, allowed_names):
    if isinstance(node, (ast.Expression, ast.Load)) or type(node) in _BINARY or type(node) in _UNARY:
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise FormulaError("只允许 + - * / 运算 (only + - * / are allowed)")
        return
    if isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            raise FormulaError("只允许正负号 (only unary + and - are allowed)")
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"只允许数字常量 (only numbers are allowed, not {node.value!r})")
        return
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS:
            return
        if allowed_names is not None and node.id not in allowed_names:
            known = ", ".join(sorted(allowed_names))
            raise FormulaError(f"未知变量 {node.id} (unknown name {node.id}; known: {known})")
        return
    if isinstance(node, ast.Call):
        if not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS) or node.keywords or not node.args:
            raise FormulaError("只允许调用 min() 与 max() (only min() and max() may be called)")
        return
    raise FormulaError(f"公式中不允许 {type(node).__name__} (not allowed in a formula: {type(node).__name__})")


def names_in(tree: ast.Expression) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in _FUNCTIONS}


def evaluate(tree_or_text, values: dict[str, float]) -> float:
    """The value of a formula with `values` for its names (a missing name is a FormulaError)."""
    tree = parse(tree_or_text) if isinstance(tree_or_text, str) else tree_or_text
    return float(_eval(tree.body, values))


def _eval(node, values):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values or values[node.id] is None:
            raise FormulaError(f"变量 {node.id} 没有取值 (no value for {node.id})")
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, values))
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Div):
            return left / right if right else 0.0
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call):
        return _FUNCTIONS[node.func.id](*(_eval(a, values) for a in node.args))
    raise FormulaError(f"not allowed in a formula: {type(node).__name__}")
