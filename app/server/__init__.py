"""The embedded demo server and the scenarios it can act out.

``python -m app.server`` runs it on its own.
"""

from typing import TYPE_CHECKING

from app._lazy import lazy_attributes
from app.server.scenarios import (
    SCENARIOS,
    ChoiceParam,
    IntParam,
    InvalidParameterError,
    Param,
    ParamValue,
    Scenario,
    ScenarioError,
    ScenarioName,
    ScenarioRequest,
    TextParam,
    UnknownScenarioError,
    parse_scenario,
    scenario_url,
)

if TYPE_CHECKING:
    from app.server.certs import (
        CertificateAuthority,
        ServerCert,
        client_ssl_context,
        make_ca,
        make_server_cert,
        server_ssl_context,
    )
    from app.server.demo_server import BINARY_GREETING, DemoServer, burst_message

# The server and its certificates load on first use, so code that only needs the
# scenario list (settings, the command line) does not import them at start-up.
_LAZY = {
    "CertificateAuthority": "app.server.certs",
    "ServerCert": "app.server.certs",
    "client_ssl_context": "app.server.certs",
    "make_ca": "app.server.certs",
    "make_server_cert": "app.server.certs",
    "server_ssl_context": "app.server.certs",
    "BINARY_GREETING": "app.server.demo_server",
    "DemoServer": "app.server.demo_server",
    "burst_message": "app.server.demo_server",
}


__getattr__ = lazy_attributes("app.server", _LAZY, globals())


__all__ = [
    "BINARY_GREETING",
    "SCENARIOS",
    "CertificateAuthority",
    "ChoiceParam",
    "DemoServer",
    "IntParam",
    "InvalidParameterError",
    "Param",
    "ParamValue",
    "Scenario",
    "ScenarioError",
    "ScenarioName",
    "ScenarioRequest",
    "ServerCert",
    "TextParam",
    "UnknownScenarioError",
    "burst_message",
    "client_ssl_context",
    "make_ca",
    "make_server_cert",
    "parse_scenario",
    "scenario_url",
    "server_ssl_context",
]
