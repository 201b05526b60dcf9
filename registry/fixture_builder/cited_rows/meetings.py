"""Cited rows: meetings (with the groups they belong to) and GCNEP's partners."""

from registry.fixture_builder.cited_specs import (
    KR,
    NOT_FOUND,
    UK,
    US,
    agreement,
    review,
    row,
    skip,
)

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

MEETING_ROWS = {
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
        review("za-10", "south-africa", seq=10, held="c.2015", place="Johannesburg"),
        remark="The source gives no date; the row estimates c.2015, which is how the date is "
        "shown.",
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
