"""How each row of shared/data/cited_facts.csv is read: one entry per row, by its `name`.

This is the human reading of the table, kept as data so it can be reviewed row by row. The
builder refuses a CSV row without an entry here, and an entry without a row. Rules followed:
- a date is used only for what the row says it dates: "signed", "concluded", "MoU of";
  dates of announcements, set-ups or "since" stay in the note;
- ranges give their start for a meeting and both ends for a call window; "c." years only
  where the model needs a date (a held meeting), with the caveat in the note;
- a row that adds facts to another row's record is merged there (cited there too), never
  loaded twice; rows that are not_found, or that repeat the seed, are skipped with a reason.
"""

from registry.fixture_builder.cited_specs import (
    agreement,
    call,
    facility,
    figure,
    membership,
    merge,
    partner,
    review,
    skip,
)


def row(*specs, remark=""):
    return {"specs": list(specs), "remark": remark}


US, UK, KR = "United States", "United Kingdom", "Republic of Korea"

# Joint Working Groups and similar standing mechanisms: key -> (name, partners, the row whose
# source the group record cites). One record per mechanism, however many meetings it has.
GROUPS = {
    "norway": ("India-Norway Joint Working Group on S&T", ["Norway"], 103),
    "russia-wg": ("Russia-India Working Group on S&T", ["Russia"], 105),
    "iltp": ("ILTP Joint Council (India-Russia Integrated Long Term Programme)", ["Russia"], 106),
    "italy": ("Indo-Italian Joint Committee on S&T", ["Italy"], 108),
    "us-jc": ("US-India Joint Commission on S&T Cooperation", [US], 109),
    "uk-sic": ("UK-India Science & Innovation Council", [UK], 110),
    "taiwan": ("India-Taiwan Joint Committee on S&T Cooperation", ["Taiwan"], 112),
    "korea": ("India-Korea S&T Ministers Steering Committee", [KR], 114),
    "i4f": ("I4F Governing Body (India-Israel Industrial R&D Fund)", ["Israel"], 115),
    "fair": ("FAIR Council", [], 116),
    "sco": ("SCO Heads of S&T Ministries and Permanent Working Group", ["SCO"], 117),
    "iora": ("IORA Expert Group on Academic, Science & Technology Cooperation", ["IORA"], 120),
    "south-africa": ("India-South Africa Joint Committee on S&T", ["South Africa"], 121),
    "switzerland": ("Indo-Swiss Joint Committee on S&T", ["Switzerland"], 122),
    "japan-council": ("Japan-India Science Council", ["Japan"], 123),
    "japan-jc": ("Japan-India S&T Joint Committee", ["Japan"], 124),
    "eu-sc": ("EU-India Joint S&T Steering Committee", ["EU"], 125),
    "eu-ministerial": ("India-EU Ministerial Conference on Science", ["EU"], 126),
    "france-jcst": ("Indo-French Joint Committee on S&T (JCST)", ["France"], 127),
    "cefipra": ("CEFIPRA Governing Body", ["France"], 128),
    "belgium": ("India-Belgium Joint Commission", ["Belgium"], 129),
    "germany": ("Indo-German S&T ministers' meeting", ["Germany"], 130),
    "desy": ("India-DESY Steering Committee", ["Germany"], 131),
}
GROUP_NOTES = {
    "fair": "FAIR is a facility, not a partner: the Council has no partner country recorded.",
    "desy": "DESY is a German research centre; Germany is recorded as the partner.",
}

NOT_FOUND = "not_found row: records what could not be found; nothing to load"

ROWS = {
    # -- baseline and context ------------------------------------------------------------
    "PIB 2085957 Collaboration for research cooperation (RS written reply)": row(
        skip("the release itself: its facts are seed.json, loading them again would duplicate")
    ),
    "Hindi version of the same reply (संसद प्रश्न: अनुसंधान सहयोग के लिए सहयोग)": row(
        skip("the Hindi copy of the seed release; it states no fact beyond the seed")
    ),
    "Missing area label (a): 'Australia, Belgium, Chile, Russia, S. Africa, Thailand, USA'": row(
        skip(NOT_FOUND + " (the area label stays missing; no label is guessed)")
    ),
    "Missing area label (b): 'Iceland, Norway, Switzerland'": row(
        skip(NOT_FOUND + " (the area label stays missing; no label is guessed)")
    ),
    "S&T cooperation count (2021)": row(
        figure(
            "most-countries-2021",
            "Countries with which MoST has S&T cooperation (2021)",
            44,
            "44 countries",
            agency="most",
            as_of="2021-07-21",
        ),
        remark="The seed release (19 Dec 2024) gives 40 countries; both figures are kept, "
        "each with its date.",
    ),
    # -- facilities ----------------------------------------------------------------------
    "CERN associate membership": row(
        membership(
            "cern-associate",
            "cern",
            "associate_member",
            started="2017-01-16",
            agency="dae",
            agreement="cern-associate",
        ),
    ),
    "CERN associate membership agreement signed": row(
        agreement(
            "cern-associate",
            "India-CERN Associate Membership agreement",
            "agreement",
            agency="dae",
            signed="2016-11-21",
            in_force="2017-01-16",
            status="in_force",
            partner_agency="CERN",
        ),
        remark="CERN is a facility, not a partner: the counterpart is recorded as the partner "
        "agency. Row 6 (dae.nic.in) dates the entry into force: 16 Jan 2017.",
    ),
    "CERN Council observer status": row(
        membership("cern-observer", "cern", "observer", started="2002"),
    ),
    "FAIR convention signed": row(
        agreement(
            "fair-convention",
            "FAIR Convention",
            "agreement",
            agency="dst",
            signed="2010-10-04",
            partner_agency="FAIR",
        ),
        remark="Indian agencies per the row: DST and DAE (the first is linked).",
    ),
    "FAIR shareholding": row(membership("fair-shareholder", "fair", "partner", agency="dst")),
    "FAIR equity investment": row(
        figure(
            "fair-equity",
            "India's equity investment in the construction of FAIR (EUR million)",
            36,
            "EUR 36 million",
            agency="dst",
            as_of="2015-10-05",
        ),
    ),
    "Indo-FAIR Coordination Centre (IFCC)": row(merge("FAIR shareholding")),
    "FAIR early MoU and joint declaration": row(
        agreement(
            "fair-gsi-mou",
            "VECC/SINP-GSI/FAIR MoU",
            "mou",
            ["Germany"],
            agency="dae",
            signed="2005-12",
            partner_agency="GSI/FAIR",
        ),
        remark="The joint declaration of 7 Feb 2007 is a second instrument the row mentions "
        "without detail; it stays in this note.",
    ),
    "TMT: Cabinet approval": row(
        figure(
            "tmt-cost",
            "Cost of India's participation in TMT approved by the Union Cabinet",
            None,
            "Rs 1299.80 crore",
            agency="dst",
            as_of="2014-09-24",
        ),
        remark="Value left empty: the amount is not a whole number of crore.",
    ),
    "TMT: full member": row(
        membership("tmt-member", "tmt", "member", started="2014-12-02", agency="dst")
    ),
    "TMT: observer status": row(membership("tmt-observer", "tmt", "observer", started="2010-06")),
    "TMT share": row(
        figure("tmt-share", "India's share of the total cost of TMT (%)", 10, "10%", agency="dst"),
        remark="As of 2014 (the row gives the year only).",
    ),
    "SKA Organisation membership": row(
        membership("ska-member", "ska", "member", started="2015-10", agency="dae"),
        remark="Recorded from the full membership (Oct 2015); the associate membership of 2012 "
        "and the 2022 arrangement stay in this note.",
    ),
    "SKAO Final Records of Negotiation signed": row(
        agreement(
            "skao-final-records",
            "Final Records of Negotiation of the SKAO treaty",
            "other",
            agency="dae",
            signed="2019-03-12",
            partner_agency="SKAO",
        ),
    ),
    "SKAO full membership intent": row(merge("SKAO member state")),
    "SKAO member state": row(
        membership("skao-member", "ska", "member", started="2024-07", agency="dae"),
        remark="Indian agencies per the row: DAE and DST jointly (the first is linked).",
    ),
    "ELETTRA Indian (Indo-Italian) beamlines Xpress and XRD2": row(
        membership("elettra-beamlines", "elettra", "beamline", started="2016-10-20", agency="dst")
    ),
    "DST-XRD2 beamtime portal": row(
        merge("ELETTRA Indian (Indo-Italian) beamlines Xpress and XRD2")
    ),
    "KEK Photon Factory Indian beamline (BL-18B)": row(
        agreement(
            "kek-mou",
            "DST-KEK MoU (Indian beamline BL-18B at the Photon Factory)",
            "mou",
            ["Japan"],
            agency="dst",
            signed="2008-10-22",
            partner_agency="KEK",
        ),
        membership("kek-beamline", "kek", "beamline", agency="dst", agreement="kek-mou"),
    ),
    "KEK Indian beamline 5-year extension": row(
        agreement(
            "kek-mou-ext-1",
            "DST-KEK MoU: 5-year extension",
            "mou",
            ["Japan"],
            agency="dst",
            signed="2015-11-04",
            partner_agency="KEK",
            amends="kek-mou",
        ),
    ),
    "KEK Indian beamline third MoU extension": row(
        agreement(
            "kek-mou-ext-3",
            "DST-KEK MoU: third extension",
            "mou",
            ["Japan"],
            agency="dst",
            signed="2021-03-23",
            partner_agency="KEK (IMSS)",
            amends="kek-mou",
        ),
    ),
    "SPring-8 Indian use (historical)": row(merge("4th Japan-India S&T Joint Committee")),
    "Fermilab: IIFC MoU": row(
        agreement(
            "iifc-mou",
            "Indian Institutions and Fermilab Collaboration (IIFC) MoU",
            "mou",
            [US],
            agency="dae",
            signed="2009",
            partner_agency="Fermilab",
        ),
    ),
    "Fermilab: DOE-DAE Implementing Agreement": row(
        agreement(
            "doe-dae-implementing",
            "DOE-DAE Implementing Agreement on accelerator and particle detector R&D",
            "agreement",
            [US],
            agency="dae",
            signed="2011-07",
            partner_agency="US DOE",
        ),
    ),
    "Fermilab: neutrino science agreement": row(
        agreement(
            "neutrino-agreement",
            "India-US agreement on neutrino science (LBNF/DUNE and INO)",
            "agreement",
            [US],
            agency="dae",
            signed="2018-04-16",
            partner_agency="US DOE",
        ),
    ),
    "Fermilab PIP-II in-kind contribution": row(
        figure(
            "pip2-in-kind",
            "DAE in-kind contribution to the PIP-II accelerator at Fermilab (USD million)",
            140,
            "USD 140 million",
            agency="dae",
        ),
        remark="As of June 2023 (the row gives the month only).",
    ),
    "Synchrotron light source, Brazil (LNLS/Sirius)": row(skip(NOT_FOUND)),
    "Singapore Synchrotron Light Source": row(skip(NOT_FOUND)),
    "Synchrotron radiation beamline, Russia": row(skip(NOT_FOUND)),
    "JNCASR-administered support for experiments at international synchrotron/neutron facilities": (
        row(
            skip(
                "names no facility: a possible access route, not confirmed for any facility "
                "(low confidence)"
            )
        )
    ),
    "DESY PETRA III Indian beamline (not in PIB list)": row(
        facility(
            "desy-petra3",
            "PETRA III at DESY",
            "DESY PETRA III",
            "synchrotron",
            ["Germany"],
            "Hamburg",
        ),
        agreement(
            "sinp-desy",
            "SINP-DESY agreement (Indian beamline at PETRA III)",
            "agreement",
            ["Germany"],
            agency="dst",
            signed="2011-05-31",
            partner_agency="DESY",
        ),
        membership("desy-beamline", "desy-petra3", "beamline", agency="dst", agreement="sinp-desy"),
    ),
    "ESRF-SINP MoU (not in PIB list)": row(
        facility("esrf", "ESRF", "ESRF", "synchrotron", ["France"], "Grenoble"),
        agreement(
            "esrf-sinp",
            "ESRF-SINP MoU on synchrotron science",
            "mou",
            agency="dae",
            signed="2012-01-16",
            partner_agency="ESRF",
        ),
        remark="ESRF is a facility, not a partner: it is recorded as the partner agency. "
        "Indian side per the row: SINP (DAE).",
    ),
    "ESRF associate membership (not in PIB list)": row(
        membership("esrf-associate", "esrf", "associate_member", started="2017"),
        remark="Indian side per the row: DBT / RCB Faridabad (not an agency of the registry). "
        "The source shows two dates, 19 June and 19 July 2017: only the year is kept.",
    ),
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
    # -- meetings -----------------------------------------------------------------------------
    "India-Norway Joint Working Group on S&T": row(
        review(
            "no-2022",
            "norway",
            title="India-Norway Joint Working Group on S&T: meeting of October 2022",
            held="2022-10-12",
        )
    ),
    "12th Russian-Indian Working Group on S&T": row(
        skip("a held meeting with no date: the registry cannot record a held review undated")
    ),
    "Russia-India Working Group on S&T (regular meeting)": row(
        review("ru-wg-2023", "russia-wg", held="2023-01")
    ),
    "X Council (session) of ILTP": row(
        review("iltp-10", "iltp", seq=10, held="2001-06-13", place="ISMAN, Chernogolovka"),
        remark="Held 13-14 June 2001: the first day is stored.",
    ),
    "5th ILTP Joint Council": row(review("iltp-5", "iltp", seq=5, held="1992", place="Moscow")),
    "Indo-Italian Joint Committee (S&T)": row(
        review("it-2016", "italy", held="2016-10-19", place="Farnesina, Rome")
    ),
    "2nd US-India Joint Commission Meeting on S&T Cooperation": row(
        review("us-jc-2", "us-jc", seq=2, held="2012-06-11", place="Washington")
    ),
    "4th UK-India Science & Innovation Council": row(
        review("uk-sic-4", "uk-sic", seq=4, held="2014-11-12", place="New Delhi")
    ),
    "5th UK-India Science & Innovation Council": row(
        review("uk-sic-5", "uk-sic", seq=5, held="2016-06", place="Lancaster House, London")
    ),
    "India-Taiwan Joint Committee on S&T Cooperation": row(
        review(
            "tw-2023",
            "taiwan",
            title="India-Taiwan Joint Committee on S&T Cooperation: meeting of December 2023",
            held="2023-12-06",
        )
    ),
    "Taiwan-India S&T Joint Committee": row(
        review("tw-2013", "taiwan", held="2013-01-23", place="New Delhi")
    ),
    "4th India-Korea S&T Ministers Steering Committee": row(
        review("kr-4", "korea", seq=4, held="2018-07-09", place="New Delhi")
    ),
    "I4F 8th Governing Body meeting": row(
        review("i4f-8", "i4f", seq=8, held="2022-01-18", mode="virtual")
    ),
    "42nd FAIR Council": row(
        review("fair-42", "fair", seq=42, held="2024-12-03", place="Bose Institute, Kolkata"),
        remark="Held 3-4 Dec 2024: the first day is stored.",
    ),
    "5th SCO meeting of Heads of S&T Ministries + Permanent WG": row(
        review("sco-5", "sco", seq=5, held="2019-11-21", place="Moscow")
    ),
    "SCO expert meeting on Draft Action Plan 2022-2025": row(
        review(
            "sco-expert-2021",
            "sco",
            title="SCO expert meeting on the Draft Action Plan 2022-2025",
            held="2021-12",
        )
    ),
    "7th session of SCO Heads of S&T Ministries": row(
        review("sco-7", "sco", seq=7, held="2023-05", place="India (host)")
    ),
    "IORA 2nd Expert Group Meeting on Academic, S&T Cooperation": row(
        review("iora-2", "iora", seq=2, held="2020-08-28", mode="virtual")
    ),
    "10th India-South Africa Joint Committee on S&T": row(
        review("za-10", "south-africa", seq=10, held="2015", place="Johannesburg"),
        remark="The source gives no date; the row estimates c.2015, stored as the year only "
        "with this caveat.",
    ),
    "7th Indo-Swiss Joint Committee on S&T": row(
        review("ch-7", "switzerland", seq=7, held="2025-09-01", place="Bern")
    ),
    "7th Japan-India Science Council": row(
        review("jp-council-7", "japan-council", seq=7, held="2003-09-20", place="New Delhi")
    ),
    "4th Japan-India S&T Joint Committee": row(
        review("jp-jc-4", "japan-jc", seq=4, held="1996-06", place="Tokyo")
    ),
    "13th EU-India Joint S&T Steering Committee": row(
        review("eu-sc-13", "eu-sc", seq=13, held="2021-02-12", mode="virtual")
    ),
    "1st India-EU Ministerial Conference on Science": row(
        review("eu-ministerial-1", "eu-ministerial", seq=1, held="2007-02-07", place="New Delhi"),
        remark="Held 7-8 Feb 2007: the first day is stored.",
    ),
    "2nd Indo-French Joint Committee on S&T (JCST)": row(
        review("fr-jcst-2", "france-jcst", seq=2, held="2024-01-18", place="Faridabad (IISF)")
    ),
    "CEFIPRA 30th Governing Body meeting": row(
        review("cefipra-30", "cefipra", seq=30, held="2017-03-06", place="France")
    ),
    "5th India-Belgium Joint Commission (S&T)": row(
        review("be-5", "belgium", seq=5, held="2021-01-18")
    ),
    "Indo-German S&T ministers' meeting before 3rd Intergovernmental Consultations": row(
        review("de-2015", "germany", held="2015-10-05", place="New Delhi")
    ),
    "India-DESY steering committee": row(
        review("desy-2024", "desy", held="2024-03-12", place="Bengaluru"),
        remark="Held 12-14 March 2024: the first day is stored.",
    ),
    # -- GCNEP --------------------------------------------------------------------------------
    "GCNEP establishment": row(
        skip(
            "describes the seed agency GCNEP itself (approved Sept 2010, Kheri-Jasaur); no "
            "record type holds an agency's founding, and the seed record cites only the release"
        )
    ),
    "USA - MoU concerning cooperation with GCNEP": row(
        agreement(
            "gcnep-us-extension",
            "GCNEP MoU with the USA: 10-year extension",
            "mou",
            [US],
            agency="gcnep",
            signed="2020-10",
            amends="agreement:gcnep:United States",
        ),
        remark="The MoU itself is in seed.json (GCNEP MoU with the USA, undated there); this "
        "record is its extension, the dated fact the row adds. The row dates the original "
        "MoU 7 Nov 2010 (New Delhi).",
    ),
    "Russia - agreement on GCNEP schools": row(
        agreement(
            "gcnep-ru-schools",
            "Russia-India agreement on GCNEP schools",
            "agreement",
            ["Russia"],
            agency="gcnep",
            signed="2011-06",
            partner_agency="Rosatom",
        ),
        remark="May be the GCNEP MoU with Russia that seed.json records from the release; kept "
        "separate because this source dates it and calls it an agreement. Signed in Vienna.",
    ),
    "UK - MoU on Cooperation on GCNEP": row(
        agreement(
            "gcnep-uk",
            "GCNEP MoU with the UK",
            "mou",
            [UK],
            agency="gcnep",
            signed="2022-04",
            partner_agency="BEIS",
        ),
    ),
    "IAEA - cooperation on use of GCNEP training facilities": row(
        skip("matches the seed's GCNEP MoU with the IAEA and adds no dated fact")
    ),
    "France": row(skip("matches the seed's GCNEP MoU with France and adds no dated fact")),
    "Full list of 16 GCNEP partners": row(skip(NOT_FOUND)),
}
