"""The installation's own certificate authority: a root, a time-stamping authority, signer certificates.

No Django here: callers pass the directory and passphrase. The CA is created on first use; its
keys are written encrypted and readable by the owner only, and never leave that directory.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_YEARS = 20
TSA_YEARS = 10
SIGNER_DAYS = 3 * 365  # long enough to validate at leisure; the timestamp anchors the moment anyway
CRL_DAYS = 30


@dataclass(frozen=True)
class Issued:
    """A private key with its certificate, in both libraries' shapes."""

    key: object
    certificate: x509.Certificate

    @property
    def cert_asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))

    @property
    def key_asn1(self) -> asn1_keys.PrivateKeyInfo:
        der = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return asn1_keys.PrivateKeyInfo.load(der)


@dataclass(frozen=True)
class Authority:
    root: Issued
    tsa: Issued
    name: str

    def issue_signer(self, *, name: str, organisation: str, email: str, role: str = "") -> Issued:
        """A fresh key and certificate for one signature. The caller discards the key after use."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = [x509.NameAttribute(NameOID.COMMON_NAME, name[:64] or "-")]
        if organisation:
            subject.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
        if role:
            subject.append(x509.NameAttribute(NameOID.TITLE, role[:64]))
        builder = _base(x509.Name(subject), self.root, key.public_key(), days=SIGNER_DAYS)
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: pyHanko's validator asks for it
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        if email:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
            )
        return Issued(key, builder.sign(self.root.key, hashes.SHA256()))

    def issue_platform(self) -> Issued:
        """The platform's own certificate, for the certification signature and the seal."""
        return self.issue_signer(name=f"{self.name} (platform)", organisation=self.name, email="")

    def crl(self) -> asn1_crl.CertificateList:
        now = _now()
        built = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root.certificate.subject)
            .last_update(now - dt.timedelta(minutes=5))
            .next_update(now + dt.timedelta(days=CRL_DAYS))
            .sign(self.root.key, hashes.SHA256())
        )
        return asn1_crl.CertificateList.load(built.public_bytes(serialization.Encoding.DER))

    @property
    def root_pem(self) -> bytes:
        return self.root.certificate.public_bytes(serialization.Encoding.PEM)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _base(subject: x509.Name, issuer: Issued | None, public_key, *, days: int):
    now = _now()
    issuer_name = issuer.certificate.subject if issuer else subject
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    return builder


def _create(name: str) -> Authority:
    root_key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} root CA"[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64]),
        ]
    )
    root_cert = (
        _base(subject, None, root_key.public_key(), days=ROOT_YEARS * 365)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
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
        .sign(root_key, hashes.SHA256())
    )
    root = Issued(root_key, root_cert)
    # pyHanko's built-in time-stamping authority signs with RSA only.
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} timestamps"[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64]),
        ]
    )
    tsa_cert = (
        _base(tsa_subject, root, tsa_key.public_key(), days=TSA_YEARS * 365)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return Authority(root=root, tsa=Issued(tsa_key, tsa_cert), name=name)


FILES = ("root.pem", "root.key.pem", "tsa.pem", "tsa.key.pem")


def _write(authority: Authority, directory: Path, passphrase: bytes) -> None:
    encryption = serialization.BestAvailableEncryption(passphrase)
    for stem, issued in (("root", authority.root), ("tsa", authority.tsa)):
        (directory / f"{stem}.pem").write_bytes(
            issued.certificate.public_bytes(serialization.Encoding.PEM)
        )
        key_path = directory / f"{stem}.key.pem"
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(
                issued.key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
                )
            )


def _read(directory: Path, passphrase: bytes, name: str) -> Authority:
    def issued(stem: str) -> Issued:
        cert = x509.load_pem_x509_certificate((directory / f"{stem}.pem").read_bytes())
        key = serialization.load_pem_private_key(
            (directory / f"{stem}.key.pem").read_bytes(), password=passphrase
        )
        return Issued(key, cert)

    return Authority(root=issued("root"), tsa=issued("tsa"), name=name)


def load_or_create(directory: Path, passphrase: bytes, name: str = "rondetafel") -> Authority:
    """Load the CA from `directory`, creating it there first if it does not exist yet.

    Creation happens in a private temporary directory renamed into place, so two processes
    starting at once end up with one CA: the loser of the rename loads the winner's.
    """
    directory = Path(directory)
    if not (directory / "root.pem").exists():
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ca-", dir=directory.parent))
        _write(_create(name), staging, passphrase)
        try:
            if directory.exists() and not any(directory.iterdir()):
                directory.rmdir()
            os.rename(staging, directory)
        except OSError:
            for leftover in staging.iterdir():
                leftover.unlink()
            staging.rmdir()
        os.chmod(directory, 0o700)
    return _read(directory, passphrase, name)
