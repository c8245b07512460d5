"""Throw-away TLS material for the demo server, generated in memory at start-up.

A fresh certificate authority signs a server certificate; the CA's PEM is handed
to whoever should trust it (the app's client, a test). Nothing is installed in a
system trust store. Keys are ECDSA P-256: generating one takes well under a
millisecond, so this can run on the GUI's event loop.

Tests use :func:`make_server_cert` with other names or dates to get an expired
certificate or one for the wrong host.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
import ssl
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

# ``cryptography`` takes a noticeable share of the app's start-up to import: it is
# imported when TLS material is first made or read, not with this module.
if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "DEFAULT_NAMES",
    "CertificateAuthority",
    "ServerCert",
    "client_ssl_context",
    "make_ca",
    "make_server_cert",
    "server_ssl_context",
]

#: Names the default server certificate is valid for.
DEFAULT_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")

_ORG = "ttsocket-demo"


@dataclass(frozen=True, slots=True)
class CertificateAuthority:
    """A CA certificate and its private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def cert_pem(self) -> str:
        from cryptography.hazmat.primitives import serialization

        return self.cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


@dataclass(frozen=True, slots=True)
class ServerCert:
    """A server certificate and its private key, both PEM."""

    cert_pem: str
    key_pem: str


def _validity(
    not_before: dt.datetime | None, not_after: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.UTC)
    return (
        not_before if not_before is not None else now - dt.timedelta(days=1),
        not_after if not_after is not None else now + dt.timedelta(days=30),
    )


def _name(common_name: str) -> x509.Name:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORG),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _general_name(name: str) -> x509.GeneralName:
    from cryptography import x509

    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def make_ca(
    common_name: str = "ttsocket-demo local CA",
    *,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> CertificateAuthority:
    """Create a CA valid from one day ago to 30 days ahead (unless told otherwise)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    start, end = _validity(not_before, not_after)
    subject = _name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertificateAuthority(cert=cert, key=key)


def make_server_cert(
    ca: CertificateAuthority,
    names: Sequence[str] = DEFAULT_NAMES,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> ServerCert:
    """Issue a server certificate for ``names`` (host names or IP addresses).

    Dates default to one day ago .. 30 days ahead; pass past dates for an
    expired certificate, or other names for a host-name mismatch.
    """
    if not names:
        raise ValueError("a server certificate needs at least one name")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID

    key = ec.generate_private_key(ec.SECP256R1())
    start, end = _validity(not_before, not_after)
    ca_ski = ca.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.SubjectAlternativeName([_general_name(name) for name in names]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return ServerCert(
        cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        key_pem=key_pem.decode("ascii"),
    )


def server_ssl_context(cert: ServerCert) -> ssl.SSLContext:
    """Build a TLS server context (TLS 1.2+) presenting ``cert``.

    :mod:`ssl` only loads a certificate chain from a file, so the chain goes to
    a private temporary directory for the duration of the call, with the key
    encrypted under a random one-time password.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    from cryptography.hazmat.primitives import serialization

    password = secrets.token_bytes(32)
    key = serialization.load_pem_private_key(cert.key_pem.encode("ascii"), password=None)
    encrypted_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )
    with tempfile.TemporaryDirectory(prefix="ttsocket-demo-") as directory:
        path = os.path.join(directory, "server.pem")
        with open(path, "wb") as file:
            file.write(cert.cert_pem.encode("ascii") + encrypted_key)
        context.load_cert_chain(path, password=password)
    return context


def client_ssl_context(ca_pem: str) -> ssl.SSLContext:
    """Build a client context that trusts ``ca_pem`` and nothing else."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=ca_pem)
    return context
