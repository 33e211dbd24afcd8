"""`python -m profiles.specs`: write the published JSON Schema of the series spec format."""

from profiles.specs import write_json_schema

write_json_schema()
