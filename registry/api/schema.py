"""OpenAPI: record views read with one serializer and write with another; errors documented."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(OpenApiTypes.OBJECT, description=description)


BAD_FILTER = error("A filter value is invalid: one message per parameter.")
NOT_FOUND = error("No published record with this id (or no such page).")
INVALID = error("The record is invalid: one message per field.")
NO_AUTH = error("Not authenticated.")
FORBIDDEN = error(
    "Not staff, or no add/change permission for this model, or (on update) the record is "
    "published and only a publisher may change it; `detail` says which."
)
STALE = error("The record changed since the `version` sent; nothing was saved.")
STALE_ETAG = error("The record changed since the ETag sent in If-Match; nothing was saved.")
NO_VERSION = error(
    "The update names no version: send `version` in the body or the record's ETag in "
    "If-Match. Nothing was saved."
)
THROTTLED = error("Too many requests from this address; retry later.")

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The record\'s version as an entity tag, `"v<version>"`; send it back in '
    "If-Match to update the record.",
    required=True,
    response=["200", "201"],
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag of the record as you read it (`"v3"`). An update must name the '
    "version it is based on, here or as `version` in the body: without either it is refused "
    "with 428; a stale ETag with 412; a body `version` that disagrees with it with 400.",
)


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

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if not hasattr(self.view, "write_serializer_class"):
            return parameters
        if self.method in ("PUT", "PATCH"):
            return [*parameters, IF_MATCH, ETAG]
        if self.method == "POST" or self.view.action == "retrieve":
            return [*parameters, ETAG]
        return parameters

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
        return {
            "200": read,
            **writes,
            "404": NOT_FOUND,
            "409": STALE,
            "412": STALE_ETAG,
            "428": NO_VERSION,
        }
