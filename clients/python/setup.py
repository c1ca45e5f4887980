"""Builds the package with the API's message and service modules generated from ../../proto/glassbox by protoc
and grpc_python_plugin (Debian's protobuf-compiler and protobuf-compiler-grpc), as clients/python/CMakeLists.txt
generates them for the build tree. Metadata: pyproject.toml."""

import pathlib
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py

PROTO_ROOT = pathlib.Path(__file__).resolve().parent.parent.parent / "proto"


class BuildWithGeneratedModules(build_py):
    def run(self):
        super().run()
        protoc = shutil.which("protoc")
        plugin = shutil.which("grpc_python_plugin")
        if not protoc or not plugin:
            raise SystemExit("glassbox-client needs protoc and grpc_python_plugin on PATH "
                             "(Debian: apt install protobuf-compiler protobuf-compiler-grpc)")
        if not (PROTO_ROOT / "glassbox" / "v1" / "service.proto").is_file():
            raise SystemExit(f"glassbox-client builds from a glassbox checkout: {PROTO_ROOT}/glassbox/v1/service.proto "
                             "is missing")
        protos = sorted(str(path.relative_to(PROTO_ROOT)) for path in (PROTO_ROOT / "glassbox").rglob("*.proto"))
        out = pathlib.Path(self.build_lib).resolve()
        subprocess.run([protoc, f"-I{PROTO_ROOT}", f"--python_out={out}", *protos], check=True)
        subprocess.run([protoc, f"-I{PROTO_ROOT}", f"--grpc_python_out={out}",
                        f"--plugin=protoc-gen-grpc_python={plugin}", "glassbox/v1/service.proto"], check=True)


setup(cmdclass={"build_py": BuildWithGeneratedModules})
