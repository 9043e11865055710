"""Built-in policy profiles: the numbers each TRE or guideline uses, with their sources.

A profile is an overlay on the base policy. ``rules.toml`` repeats these tables (with comments)
and may extend or override them; a test keeps the two equal.
"""

from __future__ import annotations

from typing import Any

PROFILES: dict[str, dict[str, Any]] = {
    # The base policy itself: ACRO/SACRO defaults (ACRO default.yaml: safe_threshold 10,
    # safe_nk_n 2, safe_nk_k 0.9, safe_pratio_p 0.1, safe_dof_threshold 10,
    # zeros_are_disclosive true).
    "default": {},
    "acro": {},
    # OpenSAFELY output checking: counts of 7 or fewer are redacted and all counts are
    # rounded to the nearest 5 ("redact <=7 then round to 5").
    "opensafely": {
        "rules": {
            "small-count": {"threshold": 8},
            "zero-count": {"status": "review"},
            # ehrQL's measures write a redacted count (1-7) as 0
            "group-disclosure": {"zero_may_hide": 7},
            "unrounded-count": {"status": "fail", "base": 5},
        }
    },
    # ESSnet "Guidelines for the checking of output based on microdata research" (Bond,
    # Brandt & de Wolf, 2015), rules of thumb: threshold 10 units, group disclosure at 90%,
    # dominance (n=1, k=50%) and (n=2, k=85%).
    "essnet": {
        "rules": {
            "small-count": {"threshold": 10},
            "zero-count": {"status": "review"},
            "group-disclosure": {"share": 0.9},
            "nk-dominance": {"rules": [{"n": 1, "k": 0.5}, {"n": 2, "k": 0.85}]},
        }
    },
    # UK Longitudinal Linkage Collaboration: cell counts below 10, including zero, are
    # disclosive.
    "ukllc": {
        "rules": {
            "small-count": {"threshold": 10},
            "zero-count": {"status": "fail"},
        }
    },
}

# What each profile is and where its numbers come from (the commented rules.toml shows them).
PROFILE_INFO: dict[str, tuple[str, str | None]] = {
    "default": ("ACRO/SACRO defaults: threshold 10, zeros disclosive, (2, 0.9) dominance, p 10%",
                None),
    "acro": ("ACRO default.yaml: safe_threshold 10, safe_dof_threshold 10, safe_nk_n 2, "
             "safe_nk_k 0.90, safe_pratio_p 0.10, zeros_are_disclosive true",
             "ACRO (AI-SDC) default.yaml"),
    "opensafely": ("OpenSAFELY: redact counts of 7 or fewer, then round to the nearest 5",
                   "OpenSAFELY output checking guidance (small number suppression and rounding)"),
    "essnet": ("ESSnet rules of thumb: threshold 10, group disclosure 90%, dominance (1, 50%) "
               "and (2, 85%)",
               "Bond, Brandt & de Wolf (2015), Guidelines for the checking of output based on "
               "microdata research, ESSnet DwB"),
    "ukllc": ("UK LLC: cell counts below 10, including zero, are disclosive",
              "UK Longitudinal Linkage Collaboration output checking rules"),
}
