"""``AppConfig`` ⇄ a flat dict of strings, the shape a settings file stores.

The UI keeps the strings in ``QSettings`` (:mod:`ui.settings_panel`); this module
knows nothing of Qt. Lists are stored as JSON arrays, booleans as ``true`` /
``false``, ``None`` as the empty string.

Reading is forgiving: a stored value that cannot be parsed, or that does not
fit with the others, is replaced by its default and a warning says which and
why. :func:`from_strings` never raises.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.config import FIELDS, AppConfig, validate
from app.rules import Mode

__all__ = ["FORMAT_VERSION", "KEYS", "Loaded", "from_strings", "to_strings"]

logger = logging.getLogger(__name__)

#: Stored under the key ``version``; a later format can convert older values.
FORMAT_VERSION = "1"

#: Every key :func:`to_strings` writes (one per :class:`AppConfig` field, plus ``version``).
KEYS: tuple[str, ...] = (*FIELDS, "version")

_DEFAULTS = AppConfig()


@dataclass(frozen=True, slots=True)
class Loaded:
    """What :func:`from_strings` read: the config and what it had to repair."""

    config: AppConfig
    warnings: tuple[str, ...] = ()


def _bool(value: bool) -> str:
    return "true" if value else "false"


def to_strings(config: AppConfig) -> dict[str, str]:
    """Every field of ``config`` as a string, keyed by field name."""
    return {
        "url": config.url or "",
        "headers": json.dumps([list(pair) for pair in config.headers], ensure_ascii=False),
        "protocols": json.dumps(list(config.protocols), ensure_ascii=False),
        "mode": config.mode.value,
        "legal_domains": json.dumps(list(config.legal_domains), ensure_ascii=False),
        "check_domain": _bool(config.check_domain),
        "ca_file": config.ca_file or "",
        "timeout_ms": str(config.timeout_ms),
        "lang": config.lang,
        "server": _bool(config.server),
        "scenario": config.scenario,
        "allow_multiple": _bool(config.allow_multiple),
        "presenter": _bool(config.presenter),
        "scenario_params": json.dumps(
            [list(pair) for pair in config.scenario_params], ensure_ascii=False
        ),
        "version": FORMAT_VERSION,
    }


# -- parsing one value; each raises ValueError with a reason ------------------------------


def _parse_optional_text(text: str) -> str | None:
    return text or None


def _parse_text(text: str) -> str:
    return text


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError("expected true or false")


def _parse_int(text: str) -> int:
    stripped = text.strip()
    if not stripped.lstrip("-").isdigit():
        raise ValueError("expected a whole number")
    return int(stripped)


def _parse_mode(text: str) -> Mode:
    try:
        return Mode(text)
    except ValueError:
        raise ValueError("expected test or release") from None


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None


def _parse_strings(text: str) -> tuple[str, ...]:
    value = _json(text)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("expected a JSON list of strings")
    return tuple(value)


def _parse_pairs(text: str) -> tuple[tuple[str, str], ...]:
    value = _json(text)
    if not isinstance(value, list) or not all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(s, str) for s in item)
        for item in value
    ):
        raise ValueError("expected a JSON list of [name, value] pairs")
    return tuple((name, val) for name, val in value)


_PARSERS: dict[str, Callable[[str], object]] = {
    "url": _parse_optional_text,
    "headers": _parse_pairs,
    "protocols": _parse_strings,
    "mode": _parse_mode,
    "legal_domains": _parse_strings,
    "check_domain": _parse_bool,
    "ca_file": _parse_optional_text,
    "timeout_ms": _parse_int,
    "lang": _parse_text,
    "server": _parse_bool,
    "scenario": _parse_text,
    "allow_multiple": _parse_bool,
    "presenter": _parse_bool,
    "scenario_params": _parse_pairs,
}
assert set(_PARSERS) == set(FIELDS), "every AppConfig field needs a parser"


#: Problems that come from another field than the one they are shown next to.
_FIELD_TO_RESET = {"url.needed": "server"}


def _shown(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def from_strings(values: Mapping[str, object]) -> Loaded:
    """Rebuild an :class:`AppConfig` from :func:`to_strings` output; never raises.

    Missing keys take their defaults silently (a first start, or a setting added
    later); a value of the wrong type or shape, or one that :func:`~app.config.validate`
    refuses (say a CA file that was deleted since), takes its default and adds a
    warning. Each warning is also logged.
    """
    warnings: list[str] = []

    def warn(text: str) -> None:
        warnings.append(text)
        logger.warning("stored settings: %s", text)

    version = values.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        warn(f"unknown format version {_shown(version)}; reading it as version {FORMAT_VERSION}")
    changes: dict[str, object] = {}
    for name in FIELDS:
        if name not in values:
            continue
        raw = values[name]
        if not isinstance(raw, str):
            warn(f"{name}: {_shown(raw)} is not text; using the default")
            continue
        try:
            changes[name] = _PARSERS[name](raw)
        except ValueError as exc:
            warn(f"{name}: {_shown(raw)} is not valid ({exc}); using the default")
    try:
        config = _DEFAULTS.replace(**changes)
    except (ValueError, TypeError) as exc:  # pragma: no cover - parsers return valid types
        warn(f"cannot use the stored settings ({exc}); using the defaults")
        return Loaded(_DEFAULTS, tuple(warnings))
    for _ in FIELDS:  # each round resets at least one field to its default, so this ends
        problems = validate(config)
        if not problems:
            break
        reset: dict[str, object] = {}
        for problem in problems:
            name = _FIELD_TO_RESET.get(problem.key, problem.field)
            default = getattr(_DEFAULTS, name)
            if name not in reset and getattr(config, name) != default:
                warn(f"{problem.field}: {problem.reason}; using the default {name}")
                reset[name] = default
        if not reset:  # the stored values only fail together
            warn(f"{problems[0].reason}; using the default settings")
            return Loaded(_DEFAULTS, tuple(warnings))
        config = config.replace(**reset)
    return Loaded(config, tuple(warnings))
