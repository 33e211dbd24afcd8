"""`python -m hyoka.specs`: write the published JSON Schema of the series spec format."""

from hyoka.specs import write_json_schema

write_json_schema()
