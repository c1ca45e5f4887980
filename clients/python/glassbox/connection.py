"""Where the daemon listens and how to reach it, from arguments or else the environment:
GLASSBOX_ADDRESS (default 127.0.0.1:50051), GLASSBOX_TOKEN or GLASSBOX_TOKEN_FILE (a bearer token sent as
`authorization: Bearer ...`), GLASSBOX_TLS_CA (a PEM file of root certificates; TLS when set)."""

import dataclasses
import os
from typing import Mapping

import grpc

from glassbox.errors import GlassboxError

DEFAULT_ADDRESS = "127.0.0.1:50051"
MAX_MESSAGE_BYTES = 256 << 20


def _read(path, what):
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise GlassboxError("INVALID_ARGUMENT", f"cannot read the {what} {path}: {error.strerror}") from None


@dataclasses.dataclass(frozen=True)
class Connection:
    address: str
    token: str | None = dataclasses.field(default=None, repr=False)
    tls: bool = False
    # PEM root certificates; None with tls uses the system's.
    root_certificates: bytes | None = None

    @classmethod
    def resolve(cls, address: str | None = None, token: str | None = None, tls: bool | str | os.PathLike | None = None,
                environ: Mapping[str, str] | None = None) -> "Connection":
        """`tls`: None follows GLASSBOX_TLS_CA, False is plaintext, True trusts the system's roots, and a path
        names a PEM file of root certificates."""
        environ = os.environ if environ is None else environ
        address = address or environ.get("GLASSBOX_ADDRESS") or DEFAULT_ADDRESS
        if token is None:
            token = environ.get("GLASSBOX_TOKEN")
        if token is None and environ.get("GLASSBOX_TOKEN_FILE"):
            token = _read(environ["GLASSBOX_TOKEN_FILE"], "token file").decode().strip()
        if tls is None:
            tls = environ.get("GLASSBOX_TLS_CA") or False
        root_certificates = None
        if not isinstance(tls, bool):
            root_certificates = _read(os.fspath(tls), "TLS root certificates")
            tls = True
        return cls(address, token or None, tls, root_certificates)

    def open_channel(self) -> grpc.Channel:
        options = [("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)]
        if not self.tls:
            return grpc.insecure_channel(self.address, options=options)
        credentials = grpc.ssl_channel_credentials(root_certificates=self.root_certificates)
        return grpc.secure_channel(self.address, credentials, options=options)

    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),) if self.token else ()
