"""The default departments and category tree. Idempotent: rows are matched by code and updated."""

from django.db import migrations

DEPARTMENTS = [
    ("police", "区公安分局"),
    ("urban_management", "区城市管理局"),
    ("emergency", "区应急管理局"),
    ("fire", "区消防救援大队"),
    ("justice", "区司法局"),
    ("civil_affairs", "区民政局"),
    ("environment", "区生态环境局"),
    ("housing", "区住房和城乡建设局"),
    ("human_resources", "区人力资源和社会保障局"),
    ("market", "区市场监督管理局"),
]

# (code, name, department code, deadline hours, photo required)
CATEGORIES = [
    ("public_order", "社会治安", "police", 24, False),
    ("public_order.security", "治安隐患", "police", 24, False),
    ("public_order.gathering", "人员聚集", "police", 4, False),
    ("public_order.fraud", "涉诈线索", "police", 24, False),
    ("city", "城市管理", "urban_management", 72, True),
    ("city.environment", "市容环境", "urban_management", 48, True),
    ("city.road", "道路设施", "urban_management", 72, True),
    ("city.manhole", "井盖破损", "urban_management", 24, True),
    ("city.parking", "违章停车", "urban_management", 24, True),
    ("city.construction", "违法建设", "housing", 120, True),
    ("safety", "公共安全", "emergency", 24, True),
    ("safety.fire", "消防隐患", "fire", 24, True),
    ("safety.gas", "燃气安全", "emergency", 12, True),
    ("safety.production", "安全生产", "emergency", 48, True),
    ("safety.flood", "防汛防台", "emergency", 12, True),
    ("dispute", "矛盾纠纷", "justice", 72, False),
    ("dispute.neighbour", "邻里纠纷", "justice", 72, False),
    ("dispute.family", "婚姻家庭纠纷", "justice", 72, False),
    ("dispute.property", "物业纠纷", "housing", 120, False),
    ("dispute.labour", "劳资纠纷", "human_resources", 120, False),
    ("livelihood", "民生服务", "civil_affairs", 120, False),
    ("livelihood.elderly", "养老服务", "civil_affairs", 120, False),
    ("livelihood.assistance", "社会救助", "civil_affairs", 72, False),
    ("livelihood.food", "食品安全", "market", 48, True),
    ("ecology", "生态环境", "environment", 72, True),
    ("ecology.noise", "噪声扰民", "environment", 48, False),
    ("ecology.pollution", "污染排放", "environment", 48, True),
    ("other", "其他", None, 120, False),
]


def load(apps, schema_editor):
    Department = apps.get_model("events", "Department")
    Category = apps.get_model("events", "Category")
    departments = {
        code: Department.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in DEPARTMENTS
    }
    by_code = {}
    for code, name, dept, hours, photo in CATEGORIES:  # parents come first
        parent = by_code.get(code.rpartition(".")[0]) if "." in code else None
        by_code[code] = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": parent,
                "department": departments.get(dept),
                "deadline_hours": hours,
                "photo_required": photo,
            },
        )[0]


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_code_sequence")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
