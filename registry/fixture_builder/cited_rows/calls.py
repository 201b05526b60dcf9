"""Cited rows: multilateral programmes and joint calls."""

from registry.fixture_builder.cited_specs import (
    KR,
    agreement,
    call,
    merge,
    partner,
    row,
)

CALL_ROWS = {
    # -- multilateral programmes -----------------------------------------------------------
    "BRICS STI Framework Programme": row(
        agreement(
            "brics-sti-mou",
            "BRICS MoU on STI Cooperation and STI Framework Programme",
            "mou",
            ["BRICS"],
            agency="dst",
            signed="2015",
        ),
        remark="The row says the MoU was adopted in 2015; stored as the signing year.",
    ),
    "ASEAN-India S&T Development Fund (AISTDF)": row(
        agreement(
            "aistdf", "ASEAN-India S&T Development Fund (AISTDF)", "other", ["ASEAN"], agency="dst"
        ),
        remark="Set up 2008 per this row; announced Nov 2006 per row 79: both readings kept, "
        "no signing date stored.",
    ),
    "AISTDF announcement and enlargement": row(merge("ASEAN-India S&T Development Fund (AISTDF)")),
    "IORA Working Group on Science, Technology & Innovation (WGSTI)": row(
        agreement(
            "iora-wgsti",
            "IORA Action Plan 2022-2026: Working Group on Science, Technology & Innovation",
            "other",
            ["IORA"],
            agency="dst",
        ),
    ),
    "SCO S&T cooperation (Heads of S&T Ministries + Permanent WG)": row(
        agreement(
            "sco-2019",
            "SCO S&T cooperation: Young Scientists Forum and joint R&D competition (agreed 2019)",
            "other",
            ["SCO"],
            agency="dst",
        ),
        remark="Agreed at the 5th meeting, Moscow, Nov 2019 (a decision, not a signing).",
    ),
    # -- joint calls -------------------------------------------------------------------------
    "IJCSP call for proposals 2018 (DST-JSPS)": row(
        call(
            "ijcsp-2018",
            "IJCSP call for proposals 2018 (DST-JSPS)",
            ["Japan"],
            closes="2017-09-06",
            partner_agency="JSPS",
        )
    ),
    "IJCSP call (DST-JSPS) 2025": row(
        call(
            "ijcsp-2025",
            "IJCSP call (DST-JSPS) 2025",
            ["Japan"],
            closes="2025-09-03",
            partner_agency="JSPS",
        )
    ),
    "JST-DST Japan-India Joint Research Laboratory (SICORP CHIRP 2015)": row(
        call(
            "sicorp-2015",
            "JST-DST Japan-India Joint Research Laboratory (SICORP 2015)",
            ["Japan"],
            closes="2016-05-06",
            partner_agency="JST",
        )
    ),
    "2020 Korea-India Joint Program call": row(
        call(
            "kr-2020",
            "Korea-India Joint Program call 2020",
            [KR],
            closes="2020-05-08",
            partner_agency="MSIT/NRF",
        )
    ),
    "India-Taiwan joint research call 2024": row(
        call(
            "tw-2024",
            "India-Taiwan joint research call 2024",
            ["Taiwan"],
            opens="2024-06-01",
            closes="2024-07-31",
            partner_agency="NSTC",
        )
    ),
    "I4F call 2024": row(
        call(
            "i4f-2024",
            "I4F call 2024",
            ["Israel"],
            opens="2024-03-26",
            closes="2024-07-31",
            partner_agency="Israel Innovation Authority",
        ),
        remark="DST funds through TDB.",
    ),
    "ASEAN-India Collaborative R&D Scheme 2024": row(
        call(
            "asean-2024",
            "ASEAN-India Collaborative R&D Scheme 2024",
            ["ASEAN"],
            closes="2024-06-24",
        )
    ),
    "BRICS STI FP coordinated call 2017": row(
        call(
            "brics-2017",
            "BRICS STI Framework Programme coordinated call 2017",
            ["BRICS"],
            closes="2017-12-27T15:00",
            precision="time",
            time_zone="Europe/Moscow",
        ),
        remark="Deadline as extended.",
    ),
    "BRICS call 2019 (DST national guidelines)": row(
        call("brics-2019", "BRICS call 2019", ["BRICS"]),
        remark="No deadline seen: none stored; closed because the call year is past.",
    ),
    "BRICS 5th coordinated call 2021": row(
        call("brics-2021", "BRICS 5th coordinated call 2021", ["BRICS"]),
        remark="No deadline seen: none stored. Indian funders per the row: DST and DBT.",
    ),
    "DST-DFG call: Chemistry, Mathematics, Physics": row(
        call(
            "dst-dfg-2019",
            "DST-DFG call: Chemistry, Mathematics, Physics",
            ["Germany"],
            closes="2019-11-20",
            partner_agency="DFG",
        )
    ),
    "IGSTC 2+2 call (BMBF announcement)": row(
        call(
            "igstc-2plus2-2019",
            "IGSTC 2+2 call (BMBF announcement)",
            ["Germany"],
            closes="2019-12-10",
            partner_agency="BMBF",
        ),
        remark="The deadline is the one for sketches (first stage).",
    ),
    "DST-RCN ICT call": row(
        call(
            "rcn-ict-2017",
            "DST-RCN ICT call",
            ["Norway"],
            closes="2017-09-06",
            partner_agency="Research Council of Norway (INDNOR, IKTPLUSS)",
        )
    ),
    "DST-RCN bioeconomy call": row(
        call(
            "rcn-bio-2017",
            "DST-RCN bioeconomy call",
            ["Norway"],
            closes="2017-11-22",
            partner_agency="Research Council of Norway (INDNOR, BIONAER)",
        )
    ),
    "India-Iran S&T call 2018": row(
        partner("Iran", "IR"),
        call("ir-2018", "India-Iran S&T call 2018", ["Iran"], closes="2018-02-15"),
    ),
    "DST-RSF joint call 2021": row(
        call(
            "dst-rsf-2021",
            "DST-RSF joint call 2021",
            ["Russia"],
            closes="2021-06-15",
            status="results_announced",
            partner_agency="Russian Science Foundation",
        ),
        remark="Results December 2021 per the row.",
    ),
    "RFBR-DST competition 2010 (IND_a)": row(
        call("rfbr-2010", "RFBR-DST competition 2010 (IND_a)", ["Russia"], partner_agency="RFBR"),
        remark="No deadline seen: none stored; closed because the call year is past.",
    ),
    "AISRF Round 16": row(
        call("aisrf-16", "AISRF Round 16", ["Australia"], opens="2025-02-10", closes="2025-04-11"),
        remark="The dates are the Australian application window.",
    ),
    "AISRF Grand Challenge Fund": row(
        call(
            "aisrf-gcf",
            "AISRF Grand Challenge Fund",
            ["Australia"],
            agencies=(),
            opens="2010-11-29",
        ),
        remark="Launched 26 Nov 2010; expressions of interest opened 29 Nov 2010 (stored as "
        "the opening). No deadline in the source; closed because 2010 is past.",
    ),
    "Indo-Hungarian Joint Research Call 2015": row(
        partner("Hungary", "HU"),
        call(
            "hu-2015", "Indo-Hungarian Joint Research Call 2015", ["Hungary"], closes="2016-02-29"
        ),
    ),
    "Indo-Belgian networking call (4th)": row(
        call(
            "be-networking-4",
            "Indo-Belgian networking call (4th)",
            ["Belgium"],
            partner_agency="BELSPO",
        ),
        remark="The deadline 'Sept 17' has no year in the source: not stored.",
    ),
}
