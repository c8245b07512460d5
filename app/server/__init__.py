"""The embedded demo server and the scenarios it can act out.

``python -m app.server`` runs it on its own.
"""

from app.server.certs import (
    CertificateAuthority,
    ServerCert,
    client_ssl_context,
    make_ca,
    make_server_cert,
    server_ssl_context,
)
from app.server.demo_server import BINARY_GREETING, DemoServer, burst_message
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
