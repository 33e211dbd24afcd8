"""`python -m hyoka.profiles.specs`: write the published JSON Schema of the series spec format."""

from hyoka.profiles.specs import write_json_schema

write_json_schema()
