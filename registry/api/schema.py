"""OpenAPI: record views read with one serializer and write with another; errors documented."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(OpenApiTypes.OBJECT, description=description)


BAD_FILTER = error("A filter value is invalid: one message per parameter.")
NOT_FOUND = error("No published record with this id (or no such page).")
INVALID = error("The record is invalid: one message per field.")
NO_AUTH = error("Not authenticated.")
FORBIDDEN = error("Not staff, or no add/change permission for this model.")
STALE = error("The record changed since the `version` sent.")
THROTTLED = error("Too many requests from this address; retry later.")


class RecordSchema(AutoSchema):
    """For views with `write_serializer_class`: the request uses it, responses the read one."""

    def get_tags(self):
        # /api/v1/<prefix>/...: one tag per kind of record, not one "v1" for everything.
        parts = [p for p in self.path.split("/") if p]
        return [parts[2]] if len(parts) > 2 and parts[1] == "v1" else super().get_tags()

    def get_auth(self):
        auths = super().get_auth()
        if self.method == "GET" and {} not in auths:
            auths.append({})  # reading needs no credentials
        return auths

    def get_request_serializer(self):
        return (
            getattr(self.view, "write_serializer_class", None) or super().get_request_serializer()
        )

    def get_response_serializers(self):
        if not hasattr(self.view, "write_serializer_class"):
            return super().get_response_serializers()
        read = self.view.serializer_class
        if self.method == "GET":
            if self.view.action == "list":
                return {"200": read, "400": BAD_FILTER, "404": NOT_FOUND, "429": THROTTLED}
            return {"200": read, "404": NOT_FOUND, "429": THROTTLED}
        writes = {"400": INVALID, "401": NO_AUTH, "403": FORBIDDEN}
        if self.method == "POST":
            return {"201": read, **writes}
        return {"200": read, **writes, "404": NOT_FOUND, "409": STALE}
