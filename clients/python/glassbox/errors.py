"""The one exception the client raises for what the daemon refused or a run that did not succeed."""

import contextlib

import grpc


class GlassboxError(Exception):
    """`code` is the gRPC status name (NOT_FOUND, INVALID_ARGUMENT, UNAVAILABLE, ...), or the final state of a run
    that did not succeed (FAILED, CANCELLED, INTERRUPTED); str() is the single line "CODE: message"."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {' '.join(self.message.splitlines())}"


@contextlib.contextmanager
def translated_rpc_errors():
    """Turns a grpc.RpcError raised inside the block into a GlassboxError, without gRPC's traceback."""
    try:
        yield
    except grpc.RpcError as error:
        code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
        details = error.details() if hasattr(error, "details") else str(error)
        raise GlassboxError(code.name, details or "") from None
