"""The registry's settings, read once. Every one can be set in config/settings.py from the environment."""

from django.conf import settings

# 32 bytes of key material for ID numbers (keyed hash + AES-GCM), from PERSONAL_DATA_KEY; see registry/crypto.py.
PERSONAL_DATA_KEY: str = getattr(settings, "PERSONAL_DATA_KEY", "")

# Roles that see ID numbers and phones of the people in their jurisdiction in full; everyone else
# sees them masked (analysts always: they get masked values and aggregates).
UNMASKED_ROLES: frozenset[str] = frozenset(getattr(settings, "REGISTRY_UNMASKED_ROLES", ()))

# Roles that may see special-group (重点人群) memberships and their map layer.
SPECIAL_GROUP_ROLES: frozenset[str] = frozenset(getattr(settings, "REGISTRY_SPECIAL_GROUP_ROLES", ()))

# Roles that may add and change registry rows (in their jurisdiction) and import files.
EDITOR_ROLES = frozenset(
    getattr(settings, "REGISTRY_EDITOR_ROLES", ("command_operator", "street_operator", "grid_leader", "grid_worker"))
)

# Warning rules' defaults (the rules themselves are rows admins edit: registry.WarningRule).
OCCUPANCY_LIMIT = int(getattr(settings, "REGISTRY_OCCUPANCY_LIMIT", 10))

# Biggest import file (bytes) and rows.
IMPORT_MAX_BYTES = int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
IMPORT_MAX_ROWS = int(getattr(settings, "REGISTRY_IMPORT_MAX_ROWS", 200_000))

# Events within this many metres of a person's home are shown on their card.
CARD_EVENTS_RADIUS_M = float(getattr(settings, "REGISTRY_CARD_EVENTS_RADIUS_M", 30))
