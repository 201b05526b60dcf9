"""Cited rows: the baseline and context rows, and the facility rows."""

from registry.fixture_builder.cited_specs import (
    NOT_FOUND,
    US,
    agreement,
    facility,
    figure,
    membership,
    merge,
    row,
    skip,
)

FACILITY_ROWS = {
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
}
