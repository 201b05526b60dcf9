"""Cited rows: bilateral instruments."""

from registry.fixture_builder.cited_specs import (
    KR,
    UK,
    US,
    agreement,
    figure,
    merge,
    row,
)

INSTRUMENT_ROWS = {
    # -- bilateral instruments -------------------------------------------------------------
    "Indo-French Inter-Governmental Agreement on S&T": row(
        agreement(
            "fr-iga",
            "Indo-French Inter-Governmental Agreement on S&T",
            "agreement",
            ["France"],
            agency="most",
            signed="1978-07-18",
        ),
    ),
    "CEFIPRA / IFCPAR": row(
        agreement(
            "cefipra",
            "Indo-French Centre for the Promotion of Advanced Research (CEFIPRA / IFCPAR)",
            "other",
            ["France"],
            agency="dst",
            partner_agency="French Ministry for Europe & Foreign Affairs",
        ),
        remark="The rows date the Centre's set-up, not the signing of an instrument, so no "
        "signing date is recorded.",
    ),
    "CEFIPRA founding details": row(merge("CEFIPRA / IFCPAR")),
    "Raman-Charpak Fellowship": row(
        agreement("raman-charpak", "Raman-Charpak Fellowship", "other", ["France"], agency="dst"),
        remark="Started 2013 (a start, not a signing date).",
    ),
    "DST-CNRS MoU / Targeted Programme": row(
        agreement(
            "dst-cnrs",
            "DST-CNRS MoU (Targeted Programme)",
            "mou",
            ["France"],
            agency="dst",
            signed="2015-05",
            partner_agency="CNRS",
        ),
    ),
    "Indo-German S&T cooperation agreement (WTZ)": row(
        agreement(
            "de-wtz",
            "Indo-German S&T cooperation agreement (WTZ)",
            "agreement",
            ["Germany"],
            agency="most",
            signed="1974",
            partner_agency="BMBF",
        ),
    ),
    "Indo-German Science & Technology Centre (IGSTC)": row(
        agreement(
            "igstc-declaration",
            "Joint Declaration extending the IGSTC to 2022",
            "other",
            ["Germany"],
            agency="dst",
            signed="2015-10-05",
            partner_agency="BMBF",
            amends="igstc",
        ),
        remark="Recorded as the 2015 Joint Declaration, the one instrument this row dates.",
    ),
    "IGSTC founding agreement": row(
        agreement(
            "igstc",
            "Agreement establishing the Indo-German Science & Technology Centre (IGSTC)",
            "agreement",
            ["Germany"],
            agency="dst",
            signed="2007-10",
        ),
        remark="Row 45 (igstc.org) gives the Centre's set-up: Cabinet approval Mar 2010, "
        "inauguration 7 Dec 2010; this row says it operates from 2011.",
    ),
    "DST-DFG MoU and Programme of Cooperation": row(
        agreement(
            "dst-dfg-mou",
            "DST-DFG MoU",
            "mou",
            ["Germany"],
            agency="dst",
            signed="2004-10",
            partner_agency="DFG",
        ),
        agreement(
            "dst-dfg-poc",
            "DST-DFG Programme of Cooperation",
            "poc",
            ["Germany"],
            agency="dst",
            signed="2006-11",
            partner_agency="DFG",
        ),
    ),
    "Agreement on the Indo-U.S. Science and Technology Forum (IUSSTF)": row(
        agreement(
            "iusstf",
            "Agreement on the Indo-U.S. Science and Technology Forum (IUSSTF)",
            "agreement",
            [US],
            agency="dst",
            signed="2000-03-21",
            in_force="2000-03-21",
            status="in_force",
            reference="TIAS 13087",
        ),
    ),
    "US-India Science & Technology (umbrella) Agreement": row(
        agreement(
            "us-umbrella",
            "US-India Science & Technology Agreement",
            "agreement",
            [US],
            agency="most",
            signed="2005-10-17",
        ),
    ),
    "New India-US Agreement on S&T Cooperation (Cabinet approval)": row(
        agreement(
            "us-new-agreement",
            "India-US Agreement on S&T Cooperation (approved by the Union Cabinet, 2019)",
            "agreement",
            [US],
            agency="most",
            status="under_negotiation",
        ),
        remark="The row records the Cabinet approval (24 Oct 2019), not a signing: status "
        "'under negotiation', no signing date.",
    ),
    "PL480 Rupee Fund (historical)": row(
        agreement(
            "pl480",
            "PL480 Rupee Fund for S&T and education cooperation",
            "other",
            [US],
            status="expired",
        ),
        remark="Period 1987-1998 per the row; its remaining funds endowed the IUSSTF in 2000.",
    ),
    "Indo-Soviet S&T Agreement": row(
        agreement(
            "ussr-1972",
            "Indo-Soviet S&T Agreement",
            "agreement",
            ["Russia"],
            agency="dst",
            signed="1972",
            status="superseded",
        ),
        remark="The row names the partner 'USSR/Russia'. Status from the same source "
        "(cgivladi.gov.in), which calls the 1994 agreement a new agreement.",
    ),
    "Integrated Long Term Programme (ILTP)": row(
        agreement(
            "iltp",
            "Integrated Long Term Programme (ILTP)",
            "other",
            ["Russia"],
            agency="dst",
            signed="1987",
            partner_agency="Russian Academy of Sciences",
        ),
    ),
    "ILTP extension 2010; India-Russia S&T Centre": row(
        agreement(
            "iltp-2010",
            "ILTP extension (2010)",
            "other",
            ["Russia"],
            agency="dst",
            signed="2010",
            amends="iltp",
        ),
    ),
    "India-Russia Agreement on S&T": row(
        agreement(
            "ru-1994",
            "India-Russia Agreement on S&T",
            "agreement",
            ["Russia"],
            agency="most",
            signed="1994-06-30",
            supersedes="ussr-1972",
        ),
        remark="The day (30 June 1994) is from row 56, merged here.",
    ),
    "India-Russia intergovernmental S&T agreement date": row(
        merge("India-Russia Agreement on S&T")
    ),
    "DST-RSF agreement (basic & exploratory research grants)": row(
        agreement(
            "dst-rsf",
            "DST-RSF agreement (basic and exploratory research grants)",
            "agreement",
            ["Russia"],
            agency="dst",
            signed="2015-05",
            partner_agency="Russian Science Foundation",
            renewal="Valid 6 years, extendable.",
        ),
    ),
    "India-Russia Roadmap for STI cooperation": row(
        agreement(
            "ru-roadmap",
            "India-Russia Roadmap for STI cooperation",
            "other",
            ["Russia"],
            agency="dst",
            signed="2021-12-01",
            partner_agency="Ministry of Science & Higher Education",
        ),
    ),
    "India-Russia S&T MoU (Oct 2016)": row(
        agreement(
            "ru-mou-2016",
            "India-Russia S&T MoU (October 2016)",
            "mou",
            ["Russia"],
            agency="dst",
            signed="2016-10",
            renewal="Valid 5 years.",
        ),
    ),
    "Newton-Bhabha Fund / Programme": row(
        agreement("newton-bhabha", "Newton-Bhabha Fund / Programme", "other", [UK], agency="dst"),
        remark="Announced 12 Nov 2014 (an announcement, not a signing date).",
    ),
    "UKIERI Phase III (in principle)": row(
        agreement(
            "ukieri-3",
            "UK-India Education and Research Initiative (UKIERI) Phase III",
            "other",
            [UK],
            agency="most",
            status="under_negotiation",
        ),
        remark="Agreed in principle on 12 Nov 2014: no signing is recorded.",
    ),
    "India-Israel Industrial R&D & Technological Innovation Fund (I4F)": row(
        merge("I4F MoU and Cabinet approval")
    ),
    "I4F MoU and Cabinet approval": row(
        agreement(
            "i4f",
            "India-Israel Industrial R&D and Technological Innovation Fund (I4F) MoU",
            "mou",
            ["Israel"],
            agency="dst",
            signed="2017-07",
            partner_agency="Israel Innovation Authority",
            renewal="USD 4M each per year for 5 years.",
        ),
    ),
    "India-EU Agreement for S&T Cooperation": row(
        agreement(
            "eu-agreement",
            "India-EU Agreement for S&T Cooperation",
            "agreement",
            ["EU"],
            agency="dst",
            signed="2001-11-23",
            renewal="Renewed 2007 and 2015; renewed for 2020-2025 by exchange of Notes Verbales.",
        ),
    ),
    "India-EU S&T Agreement expiry": row(merge("India-EU Agreement for S&T Cooperation")),
    "India-Japan Cooperative Science Programme (IJCSP)": row(
        agreement(
            "ijcsp",
            "India-Japan Cooperative Science Programme (IJCSP)",
            "other",
            ["Japan"],
            agency="dst",
            partner_agency="JSPS",
        ),
        remark="Meetings annual since 1993 (not a signing date).",
    ),
    "JST-DST Letter of Intent (Joint Labs)": row(
        agreement(
            "jst-dst-loi",
            "JST-DST Letter of Intent (Japan-India Joint Research Laboratories)",
            "loi",
            ["Japan"],
            agency="dst",
            signed="2015-12-11",
            partner_agency="JST",
        ),
    ),
    "Japan-India S&T Cooperation Agreement": row(
        agreement(
            "jp-agreement",
            "Japan-India S&T Cooperation Agreement",
            "agreement",
            ["Japan"],
            agency="dst",
        ),
        remark="The year 1985 is the source's inference (40th anniversary in 2025): not stored.",
    ),
    "India-Taiwan S&T MoU (TECC-ITA)": row(
        agreement(
            "tw-mou",
            "India-Taiwan S&T MoU (TECC-ITA)",
            "mou",
            ["Taiwan"],
            agency="dst",
            signed="2007-04-18",
            in_force="2007-04-18",
            status="in_force",
            partner_agency="TECC New Delhi / India-Taipei Association",
        ),
    ),
    "India-Korea Programme of Cooperation 2018-21 (+ Future Strategy Group, biotech MoU)": row(
        agreement(
            "kr-poc-2018",
            "India-Korea Programme of Cooperation 2018-21",
            "poc",
            [KR],
            agency="dst",
            signed="2018-07-09",
            status="expired",
            partner_agency="MSIT",
        ),
        remark="Status from the period in the title (2018-21). The Future Strategy Group and "
        "the biotech MoU signed the same day are named without detail.",
    ),
    "India-Switzerland S&T Agreement": row(
        agreement(
            "ch-agreement",
            "India-Switzerland S&T Agreement",
            "agreement",
            ["Switzerland"],
            agency="dst",
            signed="2003",
        ),
    ),
    "India-South Africa S&T Agreement; 4th PoC": row(
        agreement(
            "za-agreement",
            "India-South Africa S&T Agreement",
            "agreement",
            ["South Africa"],
            agency="dst",
            signed="1995",
        ),
        agreement(
            "za-poc-4",
            "India-South Africa Fourth Programme of Cooperation",
            "poc",
            ["South Africa"],
            agency="dst",
            status="expired",
        ),
        remark="The Fourth PoC was signed at the 10th Joint Committee (c.2015, no date "
        "stored) and was valid to 2018.",
    ),
    "Australia-India Strategic Research Fund (AISRF)": row(
        agreement(
            "aisrf", "Australia-India Strategic Research Fund (AISRF)", "other", ["Australia"]
        ),
        remark="Began 2006 (a start, not a signing date). Indian side: Government of India.",
    ),
    "AISRF administration": row(
        figure(
            "aisrf-projects",
            "AISRF projects, fellowships and workshops",
            None,
            "360+",
            agency="dst",
        ),
        remark="As of 2023 (the row gives the year only).",
    ),
    "India-Norway S&T agreement / DST-RCN programme": row(
        agreement(
            "no-agreement",
            "India-Norway S&T agreement (DST-RCN programme)",
            "agreement",
            ["Norway"],
            agency="dst",
            partner_agency="Research Council of Norway",
        ),
    ),
    "Italy-India Executive Programme (major projects)": row(
        agreement(
            "it-executive-programme",
            "Italy-India Executive Programme for Major Projects",
            "other",
            ["Italy"],
            agency="dst",
            partner_agency="MAECI",
        ),
    ),
}
