"""No silent lost update: an API update names the version of the record it was based on.

A record's ETag names its version, `"v<version>"` (every save increments the version). A GET
of a record, a create and an update answer with it. An update sends the `version` it read in
the body, or that ETag in an `If-Match` header:

- neither: 428 Precondition Required, and nothing is saved;
- both, naming different versions: 400;
- a stale `version`: 409 Conflict; a stale `If-Match`: 412 Precondition Failed.

The ETag names the record's version, not the bytes of one response (links to other records
read differently to staff and to the public), so the `W/` that a compressing proxy adds is
ignored rather than making every `If-Match` fail. `If-Match: *` names no version.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from registry.locking import StaleVersion, claim_version

ETAG = re.compile(r'^(?:W/)?"v([0-9]{1,10})"$')


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_etag"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "version_required"
    default_detail = gettext_lazy(
        "Say which version of the record this update is based on: send the `version` you "
        'read in the body, or the ETag you read in an If-Match header (If-Match: "v3"). '
        "Nothing was saved."
    )


def etag(instance) -> str:
    return f'"v{instance.version}"'


@dataclass(frozen=True)
class BasedOn:
    """The version an update was based on, and whether the client named it by If-Match."""

    version: int
    by_etag: bool

    def check(self, instance) -> None:
        """Refuse at once an update based on a version the record has moved on from."""
        if self.version != instance.version:
            raise self.stale(instance.version)

    def claim(self, instance) -> None:
        """Lock the record if it is still at this version (inside the save's transaction)."""
        try:
            claim_version(instance, self.version)
        except StaleVersion as stale:
            raise self.stale(stale.current) from None

    def stale(self, current) -> APIException:
        if self.by_etag:
            message = _(
                "This record was saved by someone else since you read it (it is now "
                '"v%(current)s", which your If-Match does not name). Nothing was saved.'
            )
            return PreconditionFailed(message % {"current": current})
        message = _(
            "This record was saved by someone else since you read it (you sent version "
            "%(loaded)s, it is now version %(current)s). Nothing was saved."
        )
        return Conflict(message % {"loaded": self.version, "current": current})


def based_on(request, instance, version_field) -> BasedOn:
    """What `request` says its update was based on: 428 if nothing, 400 if two disagree.

    `version_field` is the write serializer's `version` field, so the body's version is read
    by the same rules as the rest of the body.
    """
    sent = body_version(request.data, version_field)
    header = request.headers.get("If-Match", "").strip()
    if header in ("", "*"):
        if sent is None:
            raise PreconditionRequired()
        return BasedOn(sent, by_etag=False)
    named = etag_versions(header)
    if sent is None:
        current = instance.version
        return BasedOn(current if current in named else max(named, default=0), by_etag=True)
    if sent not in named:
        message = _(
            "The body says version %(sent)s and If-Match names another; send one of them, "
            "or the same version in both."
        )
        raise ValidationError({"version": [message % {"sent": sent}]})
    return BasedOn(sent, by_etag=True)


def body_version(data, version_field) -> int | None:
    """The `version` in a request body, None when there is none (400 when it is no version)."""
    value = data.get("version") if hasattr(data, "get") else None
    if value is None:
        return None
    try:
        return version_field.run_validation(value)
    except ValidationError as error:
        raise ValidationError({"version": error.detail}) from None


def etag_versions(header: str) -> set[int]:
    """The versions named by the ETags in an If-Match header; tags not ours name none."""
    tags = (tag.strip() for tag in header.split(","))
    return {int(match.group(1)) for match in map(ETAG.match, tags) if match}
