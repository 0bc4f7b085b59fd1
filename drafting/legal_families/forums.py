"""The dispute forums the questionnaire offers by name: each arbitration institution with the
rules it administers, and each mediation provider, as the draft names them.

Clauses read them through facts (``facts.arbitration_institution_name``,
``facts.arbitration_rules_name``, ``facts.mediation_provider_name``); "other" is answered in
free text (``law.arbitration_institution`` and ``law.arbitration_rules``,
``law.mediation_provider_other``).
"""

from __future__ import annotations

# law.arbitration_body -> (the institution, the rules under which it administers the case)
ARBITRATION_BODIES: dict[str, tuple[str, str]] = {
    "icc": ("the International Chamber of Commerce (ICC)", "the ICC Rules of Arbitration"),
    "lcia": (
        "the London Court of International Arbitration (LCIA)",
        "the LCIA Arbitration Rules",
    ),
    "siac": (
        "the Singapore International Arbitration Centre (SIAC)",
        "the Arbitration Rules of the Singapore International Arbitration Centre",
    ),
    "hkiac": (
        "the Hong Kong International Arbitration Centre (HKIAC)",
        "the HKIAC Administered Arbitration Rules",
    ),
    "icdr": (
        "the International Centre for Dispute Resolution (ICDR)",
        "the International Arbitration Rules of the ICDR",
    ),
    "aaa": (
        "the American Arbitration Association (AAA)",
        "the Commercial Arbitration Rules of the AAA",
    ),
    "dis": ("the German Arbitration Institute (DIS)", "the DIS Arbitration Rules"),
    "nzdrc": (
        "the New Zealand Dispute Resolution Centre (NZDRC)",
        "the Arbitration Rules of the NZDRC",
    ),
    "wipo": ("the WIPO Arbitration and Mediation Center", "the WIPO Arbitration Rules"),
    "jams": ("JAMS", "the JAMS Comprehensive Arbitration Rules and Procedures"),
}

# law.mediation_provider -> who appoints the mediator, as the draft names it
MEDIATION_PROVIDERS: dict[str, str] = {
    "icc": "the International Chamber of Commerce (ICC) under its Mediation Rules",
    "cedr": "the Centre for Effective Dispute Resolution (CEDR)",
    "wipo": "the WIPO Arbitration and Mediation Center under its Mediation Rules",
    "jams": "JAMS",
}
