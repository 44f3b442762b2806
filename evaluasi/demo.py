"""A synthetic inbox for demonstrations, training sessions and tests.

It imitates one evaluation year of the BPSDM of Provinsi Nusa Tenggara Barat: ten OPDs with
3,000 ASN, 25 programmes ending between 2025Q4 and 2026Q3, pre and post knowledge tests,
supervisor ratings, a pass/fail final exam in one programme, the quarterly SKP predikat of every
ASN (paired around each programme by the pipeline), drop-outs, comparison groups for a few
programmes, and about 2% of score rows broken the way real Excel exports break them. So the
report shows every design and instrument kind: numeric before/after and against comparison
colleagues, ordinal and binary. Effects are planted on purpose (strong, small, none and one
harmful programme) so that the report has something to find.

Everything comes from `numpy.random.default_rng(seed)` and fixed dates, and every file is written
sorted with fixed number formats, so one seed gives byte-identical files on every machine (numpy
keeps its generators' streams stable across releases except for rare, announced fixes).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import numpy as np

DEMO_MARKER = ".evaluasi-demo"
PROVINCE = "Provinsi Nusa Tenggara Barat"

_T = TypeVar("_T")
_N_ASN = 3000
# CPNS appointed in 2024-2025 per golongan: the only people a Latsar takes, so they are counted
# rather than drawn, leaving every Latsar enough candidates whatever the seed.
_NEW_APPOINTEES = {"II": 80, "III": 290}
# NIPs never carry an appointment after this month, and ranks are worked out as of it.
_REFERENCE_YEAR, _REFERENCE_MONTH = 2025, 6

# fmt: off
_RANKS = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
          "IV/a", "IV/b", "IV/c", "IV/d", "IV/e")
# fmt: on
_III_A, _III_B, _III_C, _III_D, _IV_A, _IV_B, _IV_C, _IV_D = 4, 5, 6, 7, 8, 9, 10, 11
_EDUCATIONS = ("SMA", "D3", "S1", "S2")
_ENTRY_RANK = {"SMA": 0, "D3": 2, "S1": _III_A, "S2": _III_B}
# Regular promotions stop at a ceiling set by the diploma; only a position lifts a person above it.
_PELAKSANA_CEILING = {"SMA": _III_B, "D3": _III_C, "S1": _III_D, "S2": _IV_A}
_APPOINTMENT_AGE = {"SMA": (20, 27), "D3": (22, 30), "S1": (23, 35), "S2": (26, 35)}
_EDUCATION_P = (0.12, 0.18, 0.55, 0.15)
_NEW_APPOINTEE_EDUCATION_P = {"II": (0.4, 0.6, 0.0, 0.0), "III": (0.0, 0.0, 0.96, 0.04)}
_NEW_APPOINTEE_TMT = ((2024, 1), (2024, 3), (2024, 7), (2025, 3), (2025, 6))
_NEW_APPOINTEE_TMT_P = (0.15, 0.25, 0.15, 0.25, 0.20)
# Most CPNS formations start in January, March or December.
_TMT_MONTH_P = np.array([40, 3, 15, 4, 4, 4, 4, 4, 4, 4, 4, 10]) / 100
_BIRTH_YEARS = np.arange(1966, 2002)
# Retirement at 58 empties the oldest cohorts; those born before 1968 are still in service only
# as JPT or senior functional officials (retirement at 60), see `_draw_asn` and `_assign_staff`.
_BIRTH_YEAR_P = np.array(
    [
        0.25 if y < 1968 else 1.0 if y < 1976 else 1.3 if y < 1991 else 0.9 if y < 1999 else 0.3
        for y in _BIRTH_YEARS
    ]
)
_LAST_BIRTH_YEAR_BEFORE_RETIREMENT = 1967

_GENERAL_FAMILIES = (
    "Analis Kebijakan",
    "Perencana",
    "Arsiparis",
    "Pranata Komputer",
    "Pengelola Pengadaan Barang/Jasa",
    "Analis Sumber Daya Manusia Aparatur",
    "Analis Keuangan Pusat dan Daerah",
)
_SKILLED_FAMILIES = ("Pranata Komputer", "Arsiparis", "Statistisi")
_PELAKSANA_TITLES = {
    "SMA": ("Pengadministrasi Perkantoran", "Operator Layanan Operasional"),
    "D3": (
        "Pengelola Layanan Operasional",
        "Pengolah Data dan Informasi",
        "Pengelola Umum Operasional",
    ),
    "S1": ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan"),
    "S2": ("Penata Layanan Operasional", "Penelaah Teknis Kebijakan"),
}
_REGIONS = (
    "Kota Mataram",
    "Lombok Barat",
    "Lombok Tengah",
    "Lombok Timur",
    "Lombok Utara",
    "Sumbawa Barat",
    "Sumbawa",
    "Dompu",
    "Bima",
    "Kota Bima",
)
_SUPERVISOR_TITLES = (
    "Kepala Subbagian Umum dan Kepegawaian",
    "Kepala Subbagian Keuangan",
    "Kepala Subbagian Perencanaan dan Pelaporan",
    *(f"Kepala Subbagian Tata Usaha UPTD Wilayah {region}" for region in _REGIONS),
)


@dataclass(frozen=True)
class _Opd:
    name: str
    weight: float
    female_share: float
    leaders: tuple[str, ...]  # JPT positions
    administrators: tuple[str, ...]
    families: tuple[str, ...]  # functional positions this OPD has besides the general ones
    bachelor_degrees: tuple[str, ...]
    master_degrees: tuple[str, ...]


def _heads(prefix: str, *units: str) -> tuple[str, ...]:
    return tuple(f"{prefix} {unit}" for unit in units)


# fmt: off
_OPDS = (
    _Opd("Sekretariat Daerah", 12, 0.45,
         ("Asisten Pemerintahan dan Kesejahteraan Rakyat", "Asisten Perekonomian dan Pembangunan",
          "Asisten Administrasi Umum", "Kepala Biro Organisasi", "Kepala Biro Hukum",
          "Kepala Biro Pemerintahan"),
         _heads("Kepala Bagian", "Tata Laksana", "Perundang-undangan", "Otonomi Daerah",
                "Kerja Sama", "Protokol"),
         ("Perancang Peraturan Perundang-undangan", "Analis Hukum"),
         ("S.H.", "S.Sos.", "S.IP."), ("M.H.", "M.Si.", "M.AP.")),
    _Opd("Dinas Pendidikan dan Kebudayaan", 18, 0.58, ("Kepala Dinas",),
         ("Sekretaris", *_heads("Kepala Bidang", "Pembinaan SMA", "Pembinaan SMK",
                                "Pendidikan Khusus", "Kebudayaan")),
         ("Pengawas Sekolah", "Pamong Belajar"), ("S.Pd.", "S.Pd.I.", "S.Sos."),
         ("M.Pd.", "M.Si.")),
    _Opd("Dinas Kesehatan", 14, 0.66, ("Kepala Dinas",),
         ("Sekretaris", *_heads("Kepala Bidang", "Pelayanan Kesehatan",
                                "Pencegahan dan Pengendalian Penyakit", "Kesehatan Masyarakat",
                                "Sumber Daya Kesehatan")),
         ("Epidemiolog Kesehatan", "Administrator Kesehatan"),
         ("S.KM.", "S.Kep.", "S.Farm.", "S.Gz."), ("M.Kes.", "M.PH.")),
    _Opd("Badan Pendapatan Daerah", 10, 0.42, ("Kepala Badan",),
         ("Sekretaris", *_heads("Kepala Bidang", "Pajak Daerah", "Retribusi dan Pendapatan Lain",
                                "Pengendalian dan Evaluasi")),
         ("Analis Keuangan Pusat dan Daerah",), ("S.E.", "S.Ak.", "S.H."), ("M.Ak.", "M.M.")),
    _Opd("Badan Perencanaan Pembangunan Daerah", 6, 0.47, ("Kepala Badan",),
         ("Sekretaris", *_heads("Kepala Bidang", "Perencanaan Makro",
                                "Infrastruktur dan Kewilayahan", "Sosial Budaya",
                                "Perekonomian")),
         ("Perencana", "Statistisi"), ("S.E.", "S.T.", "S.P.", "S.Si."), ("M.Si.", "M.E.")),
    _Opd("Badan Pengelolaan Keuangan dan Aset Daerah", 7, 0.5, ("Kepala Badan",),
         ("Sekretaris", *_heads("Kepala Bidang", "Anggaran", "Perbendaharaan", "Akuntansi",
                                "Aset")),
         ("Analis Keuangan Pusat dan Daerah", "Penata Kelola Aset"), ("S.E.", "S.Ak."),
         ("M.Ak.", "M.Si.")),
    _Opd("Badan Kepegawaian Daerah", 5, 0.52, ("Kepala Badan",),
         ("Sekretaris", *_heads("Kepala Bidang", "Mutasi dan Promosi",
                                "Pengembangan Karier", "Informasi Kepegawaian")),
         ("Analis Sumber Daya Manusia Aparatur", "Asesor Sumber Daya Manusia Aparatur"),
         ("S.Psi.", "S.Sos.", "S.H."), ("M.Si.", "M.Psi.")),
    _Opd("Dinas Pekerjaan Umum dan Penataan Ruang", 10, 0.28, ("Kepala Dinas",),
         ("Sekretaris", *_heads("Kepala Bidang", "Bina Marga", "Sumber Daya Air",
                                "Cipta Karya", "Penataan Ruang")),
         ("Teknik Jalan dan Jembatan", "Teknik Pengairan"), ("S.T.",), ("M.T.", "M.Eng.")),
    _Opd("Dinas Komunikasi, Informatika dan Statistik", 6, 0.44, ("Kepala Dinas",),
         ("Sekretaris", *_heads("Kepala Bidang", "Aplikasi Informatika",
                                "Informasi dan Komunikasi Publik", "Statistik dan Persandian")),
         ("Pranata Komputer", "Statistisi", "Pranata Hubungan Masyarakat"),
         ("S.Kom.", "S.T.", "S.I.Kom."), ("M.Kom.", "M.Si.")),
    _Opd("Inspektorat", 6, 0.48, ("Inspektur",),
         ("Sekretaris", *_heads("Inspektur Pembantu Wilayah", "I", "II", "III", "IV")),
         ("Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah"),
         ("S.E.", "S.Ak.", "S.H."), ("M.Ak.", "M.Si.")),
)
# fmt: on

# Names: Sasak titles Lalu/Baiq and the Hajj titles H./Hj. are common in NTB registers.
# fmt: off
_MALE_FIRST = ("Ahmad", "Muhammad", "Abdul", "Agus", "Andi", "Arif", "Bambang", "Budi", "Dedi",
               "Eko", "Fajar", "Fauzan", "Hendra", "Irfan", "Joko", "Kurniadi", "Lukman",
               "Mahmud", "Nasrullah", "Rizal", "Rudi", "Sahrul", "Supardi", "Syamsul", "Taufik",
               "Wahyu", "Yusuf", "Zainal", "Zulkifli", "Hamzah", "Ilham", "Imran", "Jufri",
               "Khairul", "Mansur", "Najamuddin", "Ridwan", "Saiful", "Sudirman", "Suhaimi",
               "Hairul", "Amir", "Fathurrahman", "Syarifuddin", "Muhtar")
_FEMALE_FIRST = ("Aisyah", "Ani", "Dewi", "Endang", "Fitri", "Hartini", "Ika", "Indah",
                 "Kartini", "Lilis", "Maya", "Nining", "Nurul", "Puspita", "Ratna", "Rina",
                 "Rini", "Siti", "Sri", "Sumiati", "Wahyuni", "Yuni", "Zainab", "Hafsah",
                 "Halimah", "Herlina", "Juliana", "Lina", "Mariam", "Nurhidayah", "Rosmiati",
                 "Rahmah", "Sarah", "Suryani", "Tuti", "Uswatun", "Winda", "Yulia", "Aminah",
                 "Nurhaini", "Salmah")
_MALE_MIDDLE = ("Rizki", "Adi", "Akbar", "Fikri", "Iqbal", "Dwi", "Eka", "Nur")
_FEMALE_MIDDLE = ("Ayu", "Dwi", "Nur", "Putri", "Eka", "Tri", "Indah")
_MALE_LAST = ("Hidayat", "Saputra", "Pratama", "Wijaya", "Kurniawan", "Setiawan", "Hakim",
              "Rahman", "Hasan", "Syahputra", "Nugroho", "Santoso", "Firmansyah", "Ramadhan",
              "Maulana", "Hamdani", "Fauzi", "Arifin", "Hidayatullah", "Mustafa", "Ismail",
              "Ibrahim", "Sulaiman", "Anwar", "Effendi", "Gunawan", "Hermawan", "Irawan",
              "Junaidi", "Kadir", "Mahsun", "Munir", "Rosyidi", "Salim", "Zakaria")
_FEMALE_LAST = ("Lestari", "Wulandari", "Rahmawati", "Handayani", "Puspitasari", "Safitri",
                "Anggraini", "Kusumawati", "Nurhayati", "Maharani", "Permatasari", "Susanti",
                "Fitriani", "Rahayu", "Utami", "Pertiwi", "Hartati", "Yuliani", "Hidayati",
                "Oktaviani", "Purnamasari", "Marlina", "Sulastri", "Mardiana", "Kurniasih",
                "Suryaningsih", "Fadilah", "Nurjannah", "Hasanah", "Aprilia", "Febriani",
                "Novitasari", "Damayanti", "Ariyani")
# fmt: on


@dataclass
class _Asn:
    opd: int
    sex: int  # the NIP's sex digit: 1 male, 2 female
    birth: date
    tmt: tuple[int, int]  # appointment as CPNS (year, month)
    education: str
    new_appointee: bool
    ability: float  # shared by every score of this person, so that scores correlate
    raw_rank: int  # where regular promotion would have taken the person
    rank: int = 0
    tier: str = ""
    family: str = ""
    position: str = ""
    nip: str = ""
    name: str = ""


_BPSDM = f"BPSDM {PROVINCE}"


@dataclass(frozen=True)
class _Programme:
    program_id: str
    name: str
    type: str
    start: date
    end: date
    jp: int
    cost_per_person: int
    size: int
    knowledge_effect: float  # mean gain in points on the 0-100 test
    supervisor_effect: float | None  # mean change on the 1-5 rating; None: not rated
    # TEKNIS: OPDs the topic is for; FUNGSIONAL: the functional family; LATSAR: the golongan.
    audience: tuple[str, ...] = ()
    organizer: str = _BPSDM
    comparison: bool = False
    exam: bool = False  # ends with a pass/fail final exam (instrument lulus_ujian)


def _d(text: str) -> date:
    return date.fromisoformat(text)


# Programmes ending in 2026Q3 carry no supervisor rating: its 3-month follow-up falls after the
# evaluation year closes on 2026-09-30.
# fmt: off
_PROGRAMMES = (
    _Programme("PKP-2025-01", "Pelatihan Kepemimpinan Pengawas Angkatan I", "PKP",
               _d("2025-08-04"), _d("2025-11-14"), 290, 28_500_000, 40, 12.0, 0.40),
    _Programme("PKA-2025-01", "Pelatihan Kepemimpinan Administrator Angkatan I", "PKA",
               _d("2025-08-25"), _d("2025-12-12"), 380, 42_000_000, 30, 4.0, 0.15),
    _Programme("LAT-2025-01", "Latsar CPNS Golongan III Angkatan 1", "LATSAR",
               _d("2025-09-15"), _d("2025-11-21"), 241, 11_500_000, 90, 14.0, 0.35,
               audience=("III",)),
    _Programme("TEK-2025-01", "Pelatihan Pengadaan Barang/Jasa", "TEKNIS",
               _d("2025-10-06"), _d("2025-10-10"), 40, 4_250_000, 120, 12.0, 0.45,
               audience=("Dinas Pekerjaan Umum dan Penataan Ruang", "Sekretariat Daerah"),
               organizer=f"{_BPSDM} dan LKPP", comparison=True, exam=True),
    _Programme("PKN-2025-01", "Pelatihan Kepemimpinan Nasional Tingkat II Angkatan XIV", "PKN",
               _d("2025-10-13"), _d("2026-03-27"), 480, 95_000_000, 4, 5.0, 0.20,
               organizer="Lembaga Administrasi Negara"),
    _Programme("FUNG-2025-01", "Pelatihan Jabatan Fungsional Analis Kebijakan", "FUNGSIONAL",
               _d("2025-10-20"), _d("2025-11-07"), 120, 9_800_000, 30, 12.0, 0.40,
               audience=("Analis Kebijakan",), organizer=f"{_BPSDM} dan LAN"),
    _Programme("PKP-2025-02", "Pelatihan Kepemimpinan Pengawas Angkatan II", "PKP",
               _d("2025-11-03"), _d("2026-02-27"), 290, 28_500_000, 40, 12.0, 0.40,
               comparison=True),
    _Programme("TEK-2025-02", "Pelatihan Penyusunan Laporan Kinerja Instansi Pemerintah",
               "TEKNIS", _d("2025-11-24"), _d("2025-11-27"), 32, 3_600_000, 45, 3.0, 0.10,
               audience=("Badan Perencanaan Pembangunan Daerah", "Inspektorat")),
    _Programme("FUNG-2025-02", "Pelatihan Jabatan Fungsional Pranata Komputer", "FUNGSIONAL",
               _d("2025-12-01"), _d("2025-12-12"), 80, 8_400_000, 25, 5.0, 0.10,
               audience=("Pranata Komputer",)),
    _Programme("LAT-2026-01", "Latsar CPNS Golongan III Angkatan 2", "LATSAR",
               _d("2026-01-12"), _d("2026-03-20"), 241, 11_500_000, 90, 11.0, 0.20,
               audience=("III",)),
    _Programme("LAT-2026-02", "Latsar CPNS Golongan II Angkatan 1", "LATSAR",
               _d("2026-01-19"), _d("2026-03-13"), 241, 10_500_000, 60, 6.0, 0.10,
               audience=("II",)),
    _Programme("TEK-2026-01", "Pelatihan Pengelolaan Keuangan Daerah Berbasis SIPD", "TEKNIS",
               _d("2026-01-26"), _d("2026-01-30"), 40, 4_100_000, 80, 2.0, 0.05,
               audience=("Badan Pengelolaan Keuangan dan Aset Daerah",
                         "Badan Pendapatan Daerah")),
    _Programme("FUNG-2026-01", "Pelatihan Jabatan Fungsional Perencana", "FUNGSIONAL",
               _d("2026-02-02"), _d("2026-02-20"), 120, 10_200_000, 40, 6.0, 0.20,
               audience=("Perencana",), organizer=f"{_BPSDM} dan Pusbindiklatren Bappenas",
               comparison=True),
    _Programme("PKA-2026-01", "Pelatihan Kepemimpinan Administrator Angkatan II", "PKA",
               _d("2026-02-09"), _d("2026-06-05"), 380, 42_000_000, 28, 0.0, 0.0),
    _Programme("PKP-2026-01", "Pelatihan Kepemimpinan Pengawas Angkatan III", "PKP",
               _d("2026-02-16"), _d("2026-05-29"), 290, 28_500_000, 36, 3.0, 0.05),
    _Programme("TEK-2026-02", "Pelatihan Manajemen Aset Daerah", "TEKNIS",
               _d("2026-02-23"), _d("2026-02-27"), 40, 3_900_000, 60, 0.0, 0.0,
               audience=("Badan Pengelolaan Keuangan dan Aset Daerah",), comparison=True),
    _Programme("LAT-2026-03", "Latsar CPNS Golongan III Angkatan 3", "LATSAR",
               _d("2026-04-06"), _d("2026-06-12"), 241, 11_500_000, 85, 13.0, 0.25,
               audience=("III",)),
    _Programme("TEK-2026-03", "Pelatihan Pelayanan Publik Prima", "TEKNIS",
               _d("2026-04-13"), _d("2026-04-16"), 32, 3_200_000, 100, 0.5, -0.30,
               audience=("Badan Pendapatan Daerah", "Dinas Kesehatan"), comparison=True),
    _Programme("FUNG-2026-02", "Pelatihan Jabatan Fungsional Auditor", "FUNGSIONAL",
               _d("2026-05-04"), _d("2026-05-22"), 120, 11_000_000, 24, 12.0, 0.40,
               audience=("Auditor",), organizer=f"{_BPSDM} dan Pusdiklatwas BPKP"),
    _Programme("TEK-2026-04", "Pelatihan Pengelolaan Arsip Dinamis", "TEKNIS",
               _d("2026-05-11"), _d("2026-05-15"), 40, 3_500_000, 35, 1.0, 0.0),
    _Programme("FUNG-2026-03", "Pelatihan Jabatan Fungsional Analis Sumber Daya Manusia Aparatur",
               "FUNGSIONAL", _d("2026-06-01"), _d("2026-06-12"), 80, 8_600_000, 32, 2.0, 0.05,
               audience=("Analis Sumber Daya Manusia Aparatur",),
               organizer=f"{_BPSDM} dan BKN"),
    _Programme("TEK-2026-05", "Pelatihan Analisis Data untuk Satu Data Indonesia", "TEKNIS",
               _d("2026-07-06"), _d("2026-07-10"), 40, 4_000_000, 50, 13.0, None,
               audience=("Dinas Komunikasi, Informatika dan Statistik",
                         "Badan Perencanaan Pembangunan Daerah")),
    _Programme("FUNG-2026-04", "Pelatihan Jabatan Fungsional Pengelola Pengadaan Barang/Jasa",
               "FUNGSIONAL", _d("2026-07-13"), _d("2026-07-31"), 100, 9_500_000, 28, 4.0, None,
               audience=("Pengelola Pengadaan Barang/Jasa",), organizer=f"{_BPSDM} dan LKPP"),
    _Programme("TEK-2026-06", "Pelatihan Sistem Pemerintahan Berbasis Elektronik", "TEKNIS",
               _d("2026-08-03"), _d("2026-08-07"), 40, 3_800_000, 70, 0.0, None,
               audience=("Dinas Komunikasi, Informatika dan Statistik",)),
    _Programme("FUNG-2026-05", "Pelatihan Jabatan Fungsional Arsiparis", "FUNGSIONAL",
               _d("2026-08-24"), _d("2026-09-04"), 80, 8_200_000, 22, 7.0, None,
               audience=("Arsiparis",), organizer=f"{_BPSDM} dan ANRI"),
)
# fmt: on
# Leadership training and Latsar are taken once in a career.
_ONCE_IN_A_CAREER = ("PKP", "PKA", "PKN", "LATSAR")
_COMPARISON_SHARE = 0.8  # untrained colleagues per participant, per OPD
_SUPERVISOR_ITEMS = 12  # the rating is the mean of this many 1-5 items
_TEST_LENGTHS = (30, 40, 50)  # questions in a knowledge test

# fmt: off
_INSTRUMENTS = (
    ("knowledge_test", "Tes pengetahuan", "numeric", "0", "100", "2", ""),
    ("supervisor_rating", "Penilaian perilaku oleh atasan", "numeric", "1", "5", "3", ""),
    ("lulus_ujian", "Kelulusan ujian akhir", "binary", "", "", "2", "Tidak Lulus;Lulus"),
    ("skp_predikat", "Predikat kinerja SKP", "ordinal", "", "", "4",
     "Sangat Kurang;Kurang;Butuh Perbaikan;Baik;Sangat Baik"),
)
# fmt: on
_LABEL_INSTRUMENTS = {
    name: categories.split(";") for name, *_, categories in _INSTRUMENTS if categories
}

# The final exam is passed at this score; the pre-test is marked against it too.
_PASS_MARK = 65.0
_EXAM_NOISE_SD = 5.0  # the exam's own questions, on top of what the post-test measured

# SKP predikat: a person's latent performance, cut at these points, gives the five predikat
# (about 0.5%, 2%, 7%, 72% and 18% of appraisals: most ASN are rated Baik).
_PREDIKAT_CUTS = (-2.5, -1.9, -1.25, 0.9)
_PERFORMANCE_ABILITY = 0.5  # weight of the ability shared with test scores and ratings
_PERFORMANCE_PERSON_SD = 0.75  # the rest of a person's stable level
_PERFORMANCE_QUARTER_SD = 0.35  # quarter-to-quarter wobble
# Latent shift after a programme per point of its planted supervisor-rating effect: what a
# supervisor sees change in behaviour is what moves the predikat.
_PREDIKAT_PER_RATING = 1.5
_MISSING_PERFORMANCE_SHARE = 0.04  # appraisals not finalised in time
# The e-Kinerja export: quarters from 2024Q3 (a year before the first programme starts) to the
# close of the evaluation year.
_QUARTER_ENDS = tuple(
    date(year, month, 30 if month in (6, 9) else 31)
    for year in (2024, 2025, 2026)
    for month in (3, 6, 9, 12)
    if (2024, 9) <= (year, month) <= (2026, 9)
)

_MESSY_SHARE = 0.02
_MESSY_KINDS = (
    ("nip_scientific_notation", 0.22),
    ("nip_impossible_birth_date", 0.10),
    ("nip_17_digits", 0.10),
    ("score_outside_scale", 0.15),
    ("score_not_numeric", 0.15),
    ("unknown_program_id", 0.10),
    ("invalid_phase", 0.08),
    ("duplicate_row", 0.10),
)
# Typos, not synonyms: the validator accepts pretest, sebelum, akhir and the like.
_PHASE_TYPOS = {"pre": ("pr", "pe", "prw"), "post": ("pst", "pos", "psot")}
_NOT_NUMERIC = ("n/a", "", "-")

_Row = tuple[str, ...]  # nip, program_id, instrument, phase, score, assessed_on, group
_NIP, _PROGRAM, _INSTRUMENT, _PHASE, _SCORE, _ASSESSED_ON, _GROUP = range(7)


@dataclass(frozen=True)
class DemoSummary:
    """What `write_demo_inbox` wrote, and which programmes show what in the report.

    `n_score_rows` counts every row of scores.csv, `n_messy_rows` those that are broken (counted
    per kind in `messy_by_kind`), `n_performance_rows` every row of performance.csv (none broken).
    `tiny_program` has 4 participants (small-group suppression), `harmful_program` lowers the
    supervisor rating and the SKP predikat, `strong_programs` were given large effects,
    `comparison_programs` have untrained colleagues measured alongside, and `exam_program` ends
    with the pass/fail exam.
    """

    n_programs: int
    n_asn: int
    n_score_rows: int
    n_messy_rows: int
    n_performance_rows: int
    files: list[Path] = field(hash=False)
    messy_by_kind: dict[str, int] = field(hash=False)
    tiny_program: str
    harmful_program: str
    strong_programs: tuple[str, ...]
    comparison_programs: tuple[str, ...]
    exam_program: str


def write_demo_inbox(inbox: Path, seed: int = 2026) -> DemoSummary:
    """Write a synthetic inbox for one province into `inbox` (created if needed).

    Writes programs.csv, instruments.csv, participants.csv (the staff register), scores.csv,
    performance.csv and the `DEMO_MARKER` file, overwriting files of those names and leaving any
    other file alone. The same seed gives byte-identical files.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    marker = inbox / DEMO_MARKER
    # Written first, so that a run interrupted half-way still leaves an inbox the CLI may replace.
    marker.write_text(
        f"Synthetic demo data written by evaluasi (seed {seed}); safe to overwrite.\n",
        encoding="utf-8",
    )
    rng = np.random.default_rng(seed)
    # Spawning does not advance `rng`: people and scores do not depend on how much the exam and
    # the performance records draw.
    exam_rng, performance_rng = rng.spawn(2)
    people = _people(rng)
    participants, comparisons = _enrol(rng, people)
    rows = _scores(rng, people, participants, comparisons)
    rows += _exam_scores(exam_rng, rows)
    rows, messy_by_kind = _make_messy(rng, rows)
    records = _performance(performance_rng, people, participants)

    files = [
        _write_csv(
            inbox / "programs.csv",
            ("program_id", "name", "type", "start_date", "end_date", "jp", "cost_idr", "organizer"),
            [
                (
                    p.program_id,
                    p.name,
                    p.type,
                    p.start.isoformat(),
                    p.end.isoformat(),
                    str(p.jp),
                    str(p.cost_per_person * p.size),
                    p.organizer,
                )
                for p in _PROGRAMMES
            ],
        ),
        _write_csv(
            inbox / "instruments.csv",
            ("instrument", "label", "kind", "scale_min", "scale_max", "level", "categories"),
            list(_INSTRUMENTS),
        ),
        _write_csv(
            inbox / "participants.csv",
            ("nip", "name", "unit", "rank", "position"),
            [(p.nip, p.name, _OPDS[p.opd].name, _RANKS[p.rank], p.position) for p in people],
        ),
        _write_csv(
            inbox / "scores.csv",
            ("nip", "program_id", "instrument", "phase", "score", "assessed_on", "group"),
            rows,
            key=_score_order,
        ),
        _write_csv(
            inbox / "performance.csv", ("nip", "instrument", "period_end", "value"), records
        ),
        marker,
    ]
    return DemoSummary(
        n_programs=len(_PROGRAMMES),
        n_asn=len(people),
        n_score_rows=len(rows),
        n_messy_rows=sum(messy_by_kind.values()),
        n_performance_rows=len(records),
        files=files,
        messy_by_kind=messy_by_kind,
        tiny_program=_tiny_programme(),
        harmful_program=next(
            p.program_id
            for p in _PROGRAMMES
            if p.supervisor_effect is not None and p.supervisor_effect < 0
        ),
        strong_programs=tuple(
            p.program_id
            for p in _PROGRAMMES
            if p.knowledge_effect >= 8
            and (p.supervisor_effect is None or p.supervisor_effect >= 0.3)
        ),
        comparison_programs=tuple(p.program_id for p in _PROGRAMMES if p.comparison),
        exam_program=next(p.program_id for p in _PROGRAMMES if p.exam),
    )


def _one(rng: np.random.Generator, options: Sequence[_T]) -> _T:
    return options[int(rng.integers(len(options)))]


def _weighted(rng: np.random.Generator, weights: Sequence[float] | np.ndarray) -> int:
    """An index drawn in proportion to `weights`; per draw much cheaper than `rng.choice(p=...)`."""
    cumulative = np.cumsum(weights)
    return int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))


def _tiny_programme() -> str:
    return min(_PROGRAMMES, key=lambda p: p.size).program_id


def _write_csv(
    path: Path,
    header: Sequence[str],
    rows: list[Sequence[str]],
    key: Callable[[Sequence[str]], tuple[str | bool, ...]] | None = None,
) -> Path:
    # "\n" rather than csv's default "\r\n": the bytes must not depend on the platform.
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows, key=key))
    return path


def _score_order(row: Sequence[str]) -> tuple[str | bool, ...]:
    """By programme, participants before colleagues, person, instrument, pre before post."""
    return (
        row[_PROGRAM],
        row[_GROUP] != "participant",
        row[_NIP],
        row[_INSTRUMENT],
        row[_PHASE] != "pre",
        *row,
    )


# --- People -------------------------------------------------------------------------------------


def _people(rng: np.random.Generator) -> list[_Asn]:
    weights = np.array([opd.weight for opd in _OPDS])
    units = rng.choice(len(_OPDS), size=_N_ASN, p=weights / weights.sum())
    cohorts = [golongan for golongan, n in _NEW_APPOINTEES.items() for _ in range(n)]
    cohorts += [None] * (_N_ASN - len(cohorts))
    people = [
        _draw_asn(rng, int(unit), cohort) for unit, cohort in zip(units, cohorts, strict=True)
    ]
    _assign_positions(rng, people)
    used: set[str] = set()
    for person in people:
        person.nip = _draw_nip(rng, person, used)
        person.name = _draw_name(rng, person)
    return people


def _draw_asn(rng: np.random.Generator, opd: int, cohort: str | None) -> _Asn:
    """One ASN; `cohort` is the golongan (II or III) of a 2024-2025 appointee, else None."""
    # Rejection sampling keeps every combination consistent: appointed at a plausible age, at
    # least 18, and (except new appointees) before 2024.
    while True:
        if cohort:
            tmt = _NEW_APPOINTEE_TMT[_weighted(rng, _NEW_APPOINTEE_TMT_P)]
            education = _EDUCATIONS[_weighted(rng, _NEW_APPOINTEE_EDUCATION_P[cohort])]
            low, high = _APPOINTMENT_AGE[education]
            birth_year = tmt[0] - int(rng.integers(low, high + 1))
            if birth_year > _BIRTH_YEARS[-1]:
                continue
        else:
            birth_year = int(_BIRTH_YEARS[_weighted(rng, _BIRTH_YEAR_P)])
            if birth_year <= _LAST_BIRTH_YEAR_BEFORE_RETIREMENT:
                # Only graduates appointed young are senior enough to still serve at 58+.
                education = "S1" if rng.random() < 0.6 else "S2"
                low, high = 24, 30
            else:
                education = _EDUCATIONS[_weighted(rng, _EDUCATION_P)]
                low, high = _APPOINTMENT_AGE[education]
            tmt_year = birth_year + int(rng.integers(low, high + 1))
            if tmt_year > 2023:
                continue
            tmt = (tmt_year, _weighted(rng, _TMT_MONTH_P) + 1)
        birth = date(birth_year, 1, 1) + timedelta(
            days=int(rng.integers(0, 366 if birth_year % 4 == 0 else 365))
        )
        service_months = (_REFERENCE_YEAR * 12 + _REFERENCE_MONTH) - (tmt[0] * 12 + tmt[1])
        entry = _ENTRY_RANK[education]
        late = int(service_months >= 48 and rng.random() < 0.3)
        raw_rank = min(_IV_C, max(entry, entry + service_months // 48 - late))
        return _Asn(
            opd=opd,
            sex=2 if rng.random() < _OPDS[opd].female_share else 1,
            birth=birth,
            tmt=tmt,
            education=education,
            new_appointee=cohort is not None,
            ability=float(rng.standard_normal()),
            raw_rank=raw_rank,
        )


def _assign_positions(rng: np.random.Generator, people: list[_Asn]) -> None:
    """Fill each OPD's structural positions by seniority, then make the rest functional or staff."""
    for o, opd in enumerate(_OPDS):
        members = sorted(
            (i for i, p in enumerate(people) if p.opd == o and not p.new_appointee),
            key=lambda i: (-people[i].raw_rank, people[i].tmt, i),
        )
        for i, title in zip(members, opd.leaders, strict=False):
            _place(people[i], "jpt", title, _IV_D if people[i].tmt[0] <= 1995 else _IV_C)
        free = [
            i
            for i in members[len(opd.leaders) :]
            if people[i].birth.year > _LAST_BIRTH_YEAR_BEFORE_RETIREMENT
        ]
        for i, title in zip(free, opd.administrators, strict=False):
            _place(people[i], "administrator", title, min(max(people[i].raw_rank, _III_D), _IV_B))
        candidates = [
            i for i in free[len(opd.administrators) :] if _III_B <= people[i].raw_rank <= _IV_A
        ]
        n_supervisors = min(len(_SUPERVISOR_TITLES), max(3, round(0.04 * len(members))))
        chosen = rng.choice(candidates, size=n_supervisors, replace=False)
        for i, title in zip(sorted(int(c) for c in chosen), _SUPERVISOR_TITLES, strict=False):
            _place(people[i], "pengawas", title, min(max(people[i].raw_rank, _III_B), _IV_A))
    for person in people:
        if not person.tier:
            _assign_staff(rng, person)


def _place(person: _Asn, tier: str, position: str, rank: int) -> None:
    person.tier, person.position, person.rank = tier, position, rank


def _assign_staff(rng: np.random.Generator, person: _Asn) -> None:
    opd = _OPDS[person.opd]
    graduate = person.education in ("S1", "S2")
    too_old_for_staff = person.birth.year <= _LAST_BIRTH_YEAR_BEFORE_RETIREMENT
    if graduate and (too_old_for_staff or rng.random() < (0.6 if person.new_appointee else 0.5)):
        families = (*_GENERAL_FAMILIES, *opd.families)
        # An OPD's own functional positions are more common there than the general ones.
        person.family = families[
            _weighted(rng, [1.0] * len(_GENERAL_FAMILIES) + [3.0] * len(opd.families))
        ]
        low = _IV_A if too_old_for_staff else _III_A
        rank = min(max(person.raw_rank, low), _IV_C)
        level = "Pertama" if rank <= _III_B else "Muda" if rank <= _III_D else "Madya"
        _place(person, "fungsional", f"{person.family} Ahli {level}", rank)
    elif not graduate and rng.random() < (0.4 if person.new_appointee else 0.25):
        person.family = _one(rng, _SKILLED_FAMILIES)
        rank = min(max(person.raw_rank, 2), _III_D)
        level = "Terampil" if rank < _III_A else "Mahir" if rank <= _III_B else "Penyelia"
        _place(person, "fungsional", f"{person.family} {level}", rank)
    else:
        titles = _PELAKSANA_TITLES[person.education]
        _place(
            person,
            "pelaksana",
            _one(rng, titles),
            min(person.raw_rank, _PELAKSANA_CEILING[person.education]),
        )


def _draw_nip(rng: np.random.Generator, person: _Asn, used: set[str]) -> str:
    head = f"{person.birth:%Y%m%d}{person.tmt[0]:04d}{person.tmt[1]:02d}{person.sex}"
    # Real serials are small: they count people sharing birth date, appointment month and sex.
    serial = min(int(rng.geometric(0.45)), 999)
    while f"{head}{serial:03d}" in used:
        serial = serial % 999 + 1
    nip = f"{head}{serial:03d}"
    used.add(nip)
    return nip


def _draw_name(rng: np.random.Generator, person: _Asn) -> str:
    female = person.sex == 2
    parts: list[str] = []
    if 2026 - person.birth.year >= 45 and rng.random() < 0.35:
        parts.append("Hj." if female else "H.")
    if rng.random() < 0.12:
        parts.append("Baiq" if female else "Lalu")
    first, middle, last = (
        (_FEMALE_FIRST, _FEMALE_MIDDLE, _FEMALE_LAST)
        if female
        else (_MALE_FIRST, _MALE_MIDDLE, _MALE_LAST)
    )
    parts.append(_one(rng, first))
    if rng.random() < 0.25:
        parts.append(_one(rng, middle))
    if rng.random() < 0.85:
        parts.append(_one(rng, last))
    opd = _OPDS[person.opd]
    degrees = []
    if person.education == "D3":
        degrees.append("A.Md.")
    elif person.education in ("S1", "S2"):
        degrees.append(_one(rng, opd.bachelor_degrees))
    if person.education == "S2":
        degrees.append(_one(rng, opd.master_degrees))
    return ", ".join([" ".join(parts), *degrees])


# --- Enrolment ----------------------------------------------------------------------------------


def _weight(person: _Asn, programme: _Programme) -> float:
    """How likely `person` is sent to `programme`; 0 where they do not belong there."""
    if programme.type == "LATSAR":
        golongan = "III" if person.rank >= _III_A else "II"
        return float(person.new_appointee and programme.audience == (golongan,))
    start = programme.start
    if person.tmt > (start.year - 1, start.month):  # less than a year in service
        return 0.0
    if programme.type in ("PKP", "PKA") and person.tmt > (start.year - 8, start.month):
        return 0.0  # leadership training is for officials with years of service behind them
    if programme.type == "PKN":
        return float(person.tier == "jpt")
    if person.tier == "jpt":
        return 0.0
    if programme.type == "PKP":
        if person.tier == "pengawas":
            return 4.0
        return float(person.tier in ("fungsional", "pelaksana") and _III_C <= person.rank <= _III_D)
    if programme.type == "PKA":
        if person.tier == "administrator":
            return 4.0
        if person.tier == "pengawas":
            return 2.0 * (person.rank >= _III_D)
        return float(_IV_A <= person.rank <= _IV_B)
    if programme.type == "TEKNIS":
        return 3.0 if _OPDS[person.opd].name in programme.audience else 1.0
    (family,) = programme.audience
    if person.family == family:
        return 3.0
    # Graduate staff move into a functional position through its training.
    has_family = family in _GENERAL_FAMILIES or family in _OPDS[person.opd].families
    return float(has_family and person.tier == "pelaksana" and person.education in ("S1", "S2"))


def _overlaps(spans: list[tuple[date, date]], programme: _Programme) -> bool:
    return any(start <= programme.end and programme.start <= end for start, end in spans)


def _enrol(rng: np.random.Generator, people: list[_Asn]) -> tuple[list[list[int]], list[list[int]]]:
    """Participants of every programme, then untrained colleagues for those with a comparison."""
    spans: list[list[tuple[date, date]]] = [[] for _ in people]
    taken: list[set[str]] = [set() for _ in people]  # types of _ONCE_IN_A_CAREER attended
    participants: list[list[int]] = []
    for programme in _PROGRAMMES:
        weights = np.array(
            [
                0.0
                if _overlaps(spans[i], programme) or programme.type in taken[i]
                else _weight(person, programme)
                for i, person in enumerate(people)
            ]
        )
        chosen = sorted(
            int(i)
            for i in rng.choice(
                len(people), size=programme.size, replace=False, p=weights / weights.sum()
            )
        )
        for i in chosen:
            spans[i].append((programme.start, programme.end))
            if programme.type in _ONCE_IN_A_CAREER:
                taken[i].add(programme.type)
        participants.append(chosen)

    comparisons: list[list[int]] = []
    for programme, enrolled in zip(_PROGRAMMES, participants, strict=True):
        chosen = []
        if programme.comparison:
            per_opd = Counter(people[i].opd for i in enrolled)
            for opd, count in sorted(per_opd.items()):
                # Busy on the dates covers the programme's own participants; for leadership and
                # Latsar, having had it in another batch also rules a colleague out.
                pool = [
                    i
                    for i, person in enumerate(people)
                    if person.opd == opd
                    and programme.type not in taken[i]
                    and not _overlaps(spans[i], programme)
                    and _weight(person, programme) > 0
                ]
                size = min(len(pool), round(_COMPARISON_SHARE * count))
                chosen += [int(i) for i in rng.choice(pool, size=size, replace=False)]
        comparisons.append(sorted(chosen))
    return participants, comparisons


# --- Scores -------------------------------------------------------------------------------------


def _weekday(day: date) -> date:
    """The day itself, or the Friday before when it falls on a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _scores(
    rng: np.random.Generator,
    people: list[_Asn],
    participants: list[list[int]],
    comparisons: list[list[int]],
) -> list[_Row]:
    rows: list[_Row] = []
    for programme, enrolled, colleagues in zip(_PROGRAMMES, participants, comparisons, strict=True):
        n_items = _one(rng, _TEST_LENGTHS)
        knowledge_mean = rng.uniform(50, 66)
        rating_mean = rng.uniform(3.15, 3.65)
        groups = [
            (
                "participant",
                enrolled,
                0.0,
                0.0,
                programme.knowledge_effect,
                programme.supervisor_effect,
            )
        ]
        if colleagues:
            # Colleagues left behind start a little lower and barely move (retest, drift).
            groups.append(
                (
                    "comparison",
                    colleagues,
                    rng.normal(-2.0, 1.5),
                    rng.normal(-0.05, 0.05),
                    rng.uniform(0.0, 1.0),
                    None if programme.supervisor_effect is None else rng.uniform(-0.03, 0.05),
                )
            )
        for group, members, k_offset, s_offset, k_gain, s_gain in groups:
            ability = np.array([people[i].ability for i in members])
            n = len(members)
            # At least two, so that drop-out still shows when a messy row hides one; none in the
            # tiny programme, which must keep all its 4 people.
            share = rng.uniform(0.03, 0.15)
            n_dropouts = max(2, round(share * n)) if n >= 20 else 0
            stays = np.ones(n, dtype=bool)
            stays[rng.choice(n, size=n_dropouts, replace=False)] = False
            nips = [people[i].nip for i in members]

            # post = pre + effect + noise: the shared `knowledge` term makes them correlate.
            knowledge = knowledge_mean + k_offset + 9 * ability + 7 * rng.standard_normal(n)
            gain = k_gain + rng.normal(0, 2.5 + 0.2 * abs(k_gain), n)
            pre = rng.binomial(n_items, np.clip(knowledge, 3, 97) / 100) * 100 / n_items
            post = rng.binomial(n_items, np.clip(knowledge + gain, 3, 99) / 100) * 100 / n_items
            for j in range(n):
                rows.append(
                    (
                        nips[j],
                        programme.program_id,
                        "knowledge_test",
                        "pre",
                        f"{pre[j]:.1f}",
                        programme.start.isoformat(),
                        group,
                    )
                )
                if stays[j]:
                    rows.append(
                        (
                            nips[j],
                            programme.program_id,
                            "knowledge_test",
                            "post",
                            f"{post[j]:.1f}",
                            programme.end.isoformat(),
                            group,
                        )
                    )
            if s_gain is None:
                continue
            behaviour = rating_mean + s_offset + 0.3 * ability + 0.3 * rng.standard_normal(n)
            change = s_gain + rng.normal(0, 0.15, n)
            rating_pre = _rating(rng, behaviour)
            rating_post = _rating(rng, behaviour + change)
            # Supervisors fill the form in the fortnight before the course and about 3 months
            # after it.
            before = rng.integers(3, 15, n)
            after = rng.integers(84, 99, n)
            for j in range(n):
                pre_on = _weekday(programme.start - timedelta(days=int(before[j])))
                rows.append(
                    (
                        nips[j],
                        programme.program_id,
                        "supervisor_rating",
                        "pre",
                        f"{rating_pre[j]:.2f}",
                        pre_on.isoformat(),
                        group,
                    )
                )
                if stays[j]:
                    post_on = _weekday(programme.end + timedelta(days=int(after[j])))
                    rows.append(
                        (
                            nips[j],
                            programme.program_id,
                            "supervisor_rating",
                            "post",
                            f"{rating_post[j]:.2f}",
                            post_on.isoformat(),
                            group,
                        )
                    )
    return rows


def _rating(rng: np.random.Generator, behaviour: np.ndarray) -> np.ndarray:
    """Mean of the 1-5 items a supervisor ticks for a person whose true level is `behaviour`."""
    items = np.rint(behaviour[:, None] + rng.normal(0, 0.6, (len(behaviour), _SUPERVISOR_ITEMS)))
    return np.clip(items, 1, 5).mean(axis=1)


def _exam_scores(rng: np.random.Generator, rows: list[_Row]) -> list[_Row]:
    """Pass/fail rows of the programmes that end with an exam, from their participants' tests.

    The pre-test is marked against the exam's pass mark. The final exam, sat on the last day by
    those who stayed, tests what the post-test did, plus the noise of its own questions.
    """
    labels = _LABEL_INSTRUMENTS["lulus_ujian"]
    exams = {p.program_id for p in _PROGRAMMES if p.exam}
    tests = [
        row
        for row in rows
        if row[_PROGRAM] in exams
        and row[_INSTRUMENT] == "knowledge_test"
        and row[_GROUP] == "participant"
    ]
    noise = rng.normal(0, _EXAM_NOISE_SD, len(tests))
    passed = [
        float(row[_SCORE]) + (extra if row[_PHASE] == "post" else 0.0) >= _PASS_MARK
        for row, extra in zip(tests, noise, strict=True)
    ]
    return [
        (nip, program_id, "lulus_ujian", phase, labels[int(ok)], on, group)
        for (nip, program_id, _, phase, _, on, group), ok in zip(tests, passed, strict=True)
    ]


# --- Performance records ------------------------------------------------------------------------


def _performance(
    rng: np.random.Generator, people: list[_Asn], participants: list[list[int]]
) -> list[tuple[str, str, str, str]]:
    """Every ASN's quarterly SKP predikat (nip, instrument, period_end, value), as the e-Kinerja
    export of the whole province gives it: participants and their untrained colleagues alike.

    A stable level (partly the ability behind their scores) plus a quarterly wobble, shifted from
    the first quarter that closes after each programme a person attended by that programme's
    planted effect on behaviour. A person's record starts with the first quarter served in full;
    a few appraisals are missing.
    """
    labels = _LABEL_INSTRUMENTS["skp_predikat"]
    n = len(people)
    ability = np.array([person.ability for person in people])
    level = _PERFORMANCE_ABILITY * ability + rng.normal(0, _PERFORMANCE_PERSON_SD, n)
    latent = level[:, None] + rng.normal(0, _PERFORMANCE_QUARTER_SD, (n, len(_QUARTER_ENDS)))
    quarter_ends = np.array(_QUARTER_ENDS, dtype="datetime64[D]")
    for programme, enrolled in zip(_PROGRAMMES, participants, strict=True):
        if programme.supervisor_effect:
            after = quarter_ends > np.datetime64(programme.end)
            latent[np.ix_(enrolled, after)] += _PREDIKAT_PER_RATING * programme.supervisor_effect
    predikat = np.searchsorted(_PREDIKAT_CUTS, latent)
    missing = rng.random(latent.shape) < _MISSING_PERFORMANCE_SHARE
    return [
        (person.nip, "skp_predikat", end.isoformat(), labels[predikat[i, q]])
        for i, person in enumerate(people)
        for q, end in enumerate(_QUARTER_ENDS)
        if (end.year, end.month - 2) >= person.tmt and not missing[i, q]
    ]


# --- Messy rows ---------------------------------------------------------------------------------


def _make_messy(rng: np.random.Generator, rows: list[_Row]) -> tuple[list[_Row], dict[str, int]]:
    """Break about 2% of the rows the way Excel exports do; return the rows and counts per kind.

    A broken row replaces (or, for duplicates, repeats) a valid one, and at most one row per person
    and programme is broken, so what stays valid is still coherent. The tiny programme is spared so
    that it keeps exactly its participants.
    """
    n_messy = round(_MESSY_SHARE * len(rows))
    counts = _allocate(n_messy, [weight for _, weight in _MESSY_KINDS])
    order = [int(i) for i in rng.permutation(len(rows))]
    tiny = _tiny_programme()
    with_post = {
        (r[_NIP], r[_PROGRAM])
        for r in rows
        if r[_INSTRUMENT] == "knowledge_test" and r[_PHASE] == "post"
    }
    used: set[tuple[str, str]] = set()

    def take(k: int, accept: Callable[[_Row], bool]) -> list[int]:
        picked: list[int] = []
        for i in order:
            if len(picked) == k:
                break
            key = (rows[i][_NIP], rows[i][_PROGRAM])
            if rows[i][_PROGRAM] != tiny and key not in used and accept(rows[i]):
                used.add(key)
                picked.append(i)
        return picked

    programme_ids = {p.program_id for p in _PROGRAMMES}
    targets = {
        # The first one shows the classic case: a pre-test sheet typed in Excel, post-test fine.
        "nip_scientific_notation": [
            *take(
                1,
                lambda r: (
                    r[_INSTRUMENT] == "knowledge_test"
                    and r[_PHASE] == "pre"
                    and r[_GROUP] == "participant"
                    and (r[_NIP], r[_PROGRAM]) in with_post
                ),
            ),
            *take(counts[0] - 1, lambda r: True),
        ],
        # Birth day and month swapped only gives an impossible month when the day is above 12.
        "nip_impossible_birth_date": take(counts[1], lambda r: int(r[_NIP][6:8]) > 12),
        "nip_17_digits": take(counts[2], lambda r: True),
        # Without its decimal point a knowledge score only leaves the scale when it exceeds 10;
        # a pass/fail label has no decimal point to lose.
        "score_outside_scale": take(
            counts[3], lambda r: r[_INSTRUMENT] not in _LABEL_INSTRUMENTS and float(r[_SCORE]) > 10
        ),
        "score_not_numeric": take(counts[4], lambda r: True),
        "unknown_program_id": take(counts[5], lambda r: True),
        "invalid_phase": take(counts[6], lambda r: True),
        "duplicate_row": take(counts[7], lambda r: True),
    }
    broken = list(rows)
    for kind, indices in targets.items():
        for i in indices:
            if kind == "duplicate_row":
                broken.append(rows[i])
            else:
                broken[i] = _break(rng, kind, rows[i], programme_ids)
    return broken, {kind: len(indices) for kind, indices in targets.items()}


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), at least 1 each."""
    shares = np.array(weights) / sum(weights) * total
    counts = np.maximum(np.floor(shares).astype(int), 1)
    for i in np.argsort(-(shares - np.floor(shares)), kind="stable"):
        if counts.sum() >= total:
            break
        counts[i] += 1
    return [int(c) for c in counts]


def _break(rng: np.random.Generator, kind: str, row: _Row, programme_ids: set[str]) -> _Row:
    values = list(row)
    nip = row[_NIP]
    if kind == "nip_scientific_notation":
        # What Excel writes for an 18-digit number: 15 significant digits, trailing zeros dropped.
        mantissa, exponent = f"{int(nip):.14E}".split("E")
        values[_NIP] = f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
    elif kind == "nip_impossible_birth_date":
        values[_NIP] = nip[:4] + nip[6:8] + nip[4:6] + nip[8:]
    elif kind == "nip_17_digits":
        position = int(rng.integers(8, 18))
        values[_NIP] = nip[:position] + nip[position + 1 :]
    elif kind == "score_outside_scale":
        values[_SCORE] = row[_SCORE].replace(".", "")
    elif kind == "score_not_numeric":
        values[_SCORE] = _one(rng, _NOT_NUMERIC)
    elif kind == "unknown_program_id":
        pid = row[_PROGRAM]
        typos = sorted(
            {pid[:-2] + pid[-1] + pid[-2], pid[:-3] + pid[-2:], pid.replace("20", "2O", 1)}
            - programme_ids
            - {pid}
        )
        values[_PROGRAM] = _one(rng, typos)
    else:  # invalid_phase
        typos = _PHASE_TYPOS[row[_PHASE]]
        values[_PHASE] = _one(rng, typos)
    return tuple(values)
