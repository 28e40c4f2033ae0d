"""The columns of a people file, shared by import and export: header (Chinese), key, and the
labels users write for coded values (男/女, 居民身份证, 户籍人口, 家庭成员…)."""

from geo import choices
from registry.models import DocumentType, Gender, Registration, Relation

__all__ = ["COLUMNS", "HEADERS", "REQUIRED", "codes", "label", "column_keys"]

# (key, header) in file order.
COLUMNS = [
    ("name", "姓名"),
    ("gender", "性别"),
    ("document_type", "证件类型"),
    ("id_number", "证件号码"),
    ("birth_date", "出生日期"),
    ("ethnicity", "民族"),
    ("phone", "联系电话"),
    ("registration", "户籍类型"),
    ("building", "楼栋编码"),
    ("unit", "单元"),
    ("floor", "楼层"),
    ("room", "房号"),
    ("relation", "与房屋关系"),
    ("since", "入住日期"),
]
HEADERS = dict(COLUMNS)
REQUIRED = ("name", "id_number", "building")

# For coded columns: what a cell may say (the code or its Chinese label) → the code.
_CHOICES = {"gender": Gender, "document_type": DocumentType, "registration": Registration, "relation": Relation}
# Words people write for a relation besides its label.
_SYNONYMS = {"relation": {"户主本人": Relation.HOUSEHOLDER, "租客": Relation.TENANT, "业主": Relation.OWNER}}


def codes(key: str) -> dict[str, str]:
    """What a cell of a coded column may say (the code, or its label in any language) → the code."""
    return choices.lookup(_CHOICES[key]) | _SYNONYMS.get(key, {})


def label(key: str, value: str) -> str:
    """A coded column's value as the file writes it (the Chinese label, so an export imports again)."""
    return choices.source_labels(_CHOICES[key]).get(value, "")


def column_keys(headers: list) -> tuple[dict[str, int], list[str]]:
    """{key: column index} from a header row (Chinese headers or English keys), and the problems."""
    by_header = {h: k for k, h in COLUMNS} | {k: k for k, _ in COLUMNS}
    found, problems = {}, []
    for i, cell in enumerate(headers):
        key = by_header.get(str(cell or "").strip())
        if key and key not in found:
            found[key] = i
    for key in REQUIRED:
        if key not in found:
            problems.append(f"缺少列 {HEADERS[key]} ({key}) (missing column)")
    return found, problems
