"""Every text a reader of the report sees, in Bahasa Indonesia (default) and English.

Texts are plain: the templates escape them, so markup never lives here. Placeholders use
`str.format` names and are filled by `t`.
"""

# Readers get real typography (minus and times signs, en dashes, Greek letters), not code.
# ruff: noqa: RUF001

from __future__ import annotations

import tomllib
from pathlib import Path

LANGUAGES = ("id", "en")

_MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_ID: dict[str, str] = {
    # Page frame
    "report_title": "Evaluasi Dampak Pelatihan",
    "skip_to_content": "Langsung ke isi",
    "nav_label": "Navigasi laporan",
    "nav_summary": "Ringkasan",
    "nav_quality": "Kualitas data",
    "nav_methods": "Metode",
    "header_meta": "{period} · dibuat {generated}",
    "period_all": "Semua periode",
    "period_quarter": "Triwulan {roman} {year}",
    "date_format": "{day} {month} {year}",
    "datetime_format": "{date}, pukul {hour}.{minute} {tz}",
    "footer_text": "Dibuat oleh evaluasi {version} · run {run_id} · {generated}",
    "footer_privacy": "Laporan ini tidak memuat NIP, nama, atau data pribadi peserta lainnya.",
    "chart_data_table": "Tabel data grafik",
    "no_rows": "Tidak ada data.",
    "ci_format": "{estimate} [{low}; {high}]",
    "range_format": "{low} s.d. {high}",
    "percent_format": "{value}%",
    "rupiah_format": "Rp {value}",
    "rupiah_million": "Rp {value} juta",
    "rupiah_billion": "Rp {value} miliar",
    "rupiah_trillion": "Rp {value} triliun",
    # Verdicts
    "verdict_positive": "Berdampak positif",
    "verdict_not_shown": "Belum terbukti",
    "verdict_negative": "Menurun",
    "verdict_insufficient": "Data belum cukup",
    "verdict_positive_explain": (
        "Skor naik secara signifikan setelah koreksi Benjamini-Hochberg atas semua kesimpulan dalam"
        " run ini (q < 0,05), dan interval kepercayaan 95% perubahannya, bila ada, seluruhnya"
        " berada di atas nol."
    ),
    "verdict_not_shown_explain": (
        "Ada sedikitnya 5 pasangan skor, tetapi perubahannya tidak signifikan (q ≥ 0,05) atau"
        " interval kepercayaan 95%-nya mencakup nol; belum terbukti tidak sama dengan tidak"
        " berdampak."
    ),
    "verdict_negative_explain": (
        "Skor turun secara signifikan setelah koreksi Benjamini-Hochberg (q < 0,05), dan interval"
        " kepercayaan 95% perubahannya, bila ada, seluruhnya berada di bawah nol."
    ),
    "verdict_insufficient_explain": (
        "Kurang dari 5 peserta memiliki skor sebelum dan sesudah, atau perubahannya tidak dapat"
        " diuji (misalnya semua peserta berubah sama besar), sehingga tidak ada kesimpulan yang"
        " ditarik."
    ),
    # Executive summary
    "summary_title": "Ringkasan eksekutif",
    "kpi_programmes": "Program dievaluasi",
    "kpi_programmes_detail": "dengan {rows} hasil per instrumen",
    "kpi_participants": "Peserta",
    "kpi_participants_detail": "terdaftar di program yang dievaluasi",
    "kpi_positive": "Berdampak positif",
    "kpi_positive_detail": "{positive} dari {total} hasil program × instrumen",
    "findings_title": "Apa yang berhasil, apa yang belum",
    "findings_positive": "Skor naik secara meyakinkan pada",
    "findings_not_shown": "Belum terbukti ada perubahan pada",
    "findings_negative": "Skor turun pada",
    "findings_insufficient": "Data belum cukup untuk menilai",
    "findings_none": "Run ini belum memiliki hasil.",
    "findings_more": "dan {count} program lainnya di tabel Semua hasil",
    "forest_title": "Seberapa besar perubahannya",
    "forest_intro": (
        "Per instrumen, setiap baris adalah satu program. Titik berwarna: perkiraan dampak yang"
        " menjadi dasar kesimpulan (dibanding kelompok pembanding bila ada, atau perubahan"
        " sebelum-sesudah dikurangi regresi ke rata-rata); lingkaran abu-abu: perubahan teramati;"
        " belah ketupat: perubahan tersusut ke rata-rata semua program. Garis mendatar adalah"
        " interval kepercayaan 95%; pita biru adalah rata-rata gabungan. Garis yang memotong nol"
        " berarti perubahan belum pasti."
    ),
    "forest_axis_points": "Perubahan skor (poin)",
    "forest_axis_share": "Perubahan (poin persen)",
    "forest_not_plotted": (
        "Tidak digambar karena datanya belum cukup: {count} hasil. Semua hasil ada di tabel"
        " Semua hasil."
    ),
    "forest_table_caption": "Data grafik {instrument}, dari terbesar",
    "forest_chart_label": "Perkiraan dampak per program, {instrument} (bagian {part} dari {parts})",
    "forest_observed": "Teramati",
    "forest_shrunk": "Tersusut",
    "forest_pooled": "Rata-rata gabungan {k} program: {interval}.",
    "forest_basis_did": "dibanding kelompok pembanding",
    "forest_basis_paired": "sebelum-sesudah",
    "forest_basis_paired_rtm": "sebelum-sesudah, dikurangi regresi ke rata-rata",
    "forest_basis_sign": "selisih bersih naik kategori",
    "forest_basis_mcnemar": "perubahan tingkat kelulusan",
    "col_basis": "Dasar",
    "col_estimate": "Perkiraan dampak [IK 95%]",
    "col_observed": "Teramati [IK 95%]",
    "col_shrunk": "Tersusut [IK 95%]",
    "kpi_cost": "Biaya per peserta",
    "kpi_cost_detail": (
        "{per_jp} per peserta per JP; {programmes} program dengan data biaya, total {total}"
    ),
    "coverage_line": (
        "Data: {read} baris dibaca dari {sources} sumber, {quarantined} dikarantina ({share});"
        " {testable} dari {total} hasil program × instrumen dapat dinilai."
    ),
    "trend_title": "Dibandingkan periode sebelumnya",
    "trend_intro": (
        "Run ini di samping run lengkap terakhir setiap periode sebelumnya yang tersimpan di"
        " gudang data."
    ),
    "trend_none": "Belum ada run periode sebelumnya di gudang data untuk dibandingkan.",
    "trend_axis": "Hasil berdampak positif",
    "trend_current": "run ini",
    "col_period": "Periode",
    "col_positive_share": "Berdampak positif",
    "col_median_dz": "Median d_z",
    "all_results_title": "Semua hasil",
    "filter_search": "Cari",
    "filter_placeholder": "Nama program atau instrumen",
    "filter_verdict": "Kesimpulan",
    "filter_all": "Semua",
    "filter_count": "{shown} dari {total} baris ditampilkan",
    "table_sort_hint": "Klik judul kolom untuk mengurutkan.",
    "col_programme": "Program",
    "col_instrument": "Instrumen",
    "col_verdict": "Kesimpulan",
    "col_n_paired": "Pasangan (n)",
    "col_mean_change": "Perubahan rata-rata [IK 95%]",
    "col_dz": "d_z [IK 95%]",
    "col_q": "q (BH)",
    # Programme page
    "back_to_summary": "Kembali ke ringkasan",
    "programme_type": "Jenis",
    "programme_dates": "Pelaksanaan",
    "programme_jp": "Jam pelajaran (JP)",
    "programme_cost": "Biaya",
    "programme_cost_per_participant": "Biaya per peserta terdaftar",
    "programme_instruments": "Instrumen yang diukur",
    "kind_numeric": "numerik",
    "kind_ordinal": "ordinal",
    "kind_binary": "biner",
    "scale_range": "skala {low}–{high}",
    "count_enrolled": "Terdaftar",
    "count_pre": "Punya skor sebelum",
    "count_post": "Punya skor sesudah",
    "count_paired": "Berpasangan",
    "count_attrition": "Tanpa pasangan",
    "mean_before": "Rata-rata sebelum",
    "mean_after": "Rata-rata sesudah",
    "mean_sd": "{mean} (SB {sd})",
    "conclusion_change_paired": (
        "Skor {instrument} peserta berubah rata-rata {change} poin (IK 95% {low} s.d. {high})."
    ),
    "conclusion_change_did": (
        "Dibandingkan rekan yang tidak dilatih, skor {instrument} peserta berubah {change} poin "
        "lebih banyak (IK 95% {low} s.d. {high})."
    ),
    "conclusion_change_sign": (
        "Pada {instrument}, {improved} peserta naik kategori dan {declined} turun: selisih bersih"
        " {change} poin persentase."
    ),
    "conclusion_change_mcnemar": (
        "Pada {instrument}, persentase peserta yang lulus berubah {change} poin persentase (IK 95%"
        " {low} s.d. {high})."
    ),
    "conclusion_rtm": (
        "Angka ini sudah dikurangi {rtm} poin, perubahan yang diharapkan dari regresi ke rata-"
        "rata saja, karena skor awal peserta di bawah rata-rata acuan."
    ),
    "conclusion_positive": (
        "Perubahan ini terlalu besar untuk dianggap kebetulan, juga setelah memperhitungkan "
        "banyaknya perbandingan dalam run ini ({q})."
    ),
    "conclusion_not_shown": (
        "Perubahan ini belum dapat dibedakan dari kebetulan ({q}). Ini bukan bukti bahwa "
        "pelatihan tidak berdampak."
    ),
    "conclusion_negative": (
        "Penurunan ini tidak dapat dianggap kebetulan ({q}); penyebabnya perlu ditelusuri."
    ),
    "conclusion_untestable": (
        "Perubahan {instrument} tidak dapat diuji, misalnya karena tidak ada skor yang berubah "
        "(lihat catatan)."
    ),
    "conclusion_insufficient": (
        "Data belum cukup untuk menilai perubahan skor {instrument}: kurang dari 5 peserta memiliki"
        " skor sebelum dan sesudah."
    ),
    "conclusion_other": "Kesimpulan untuk {instrument}: {verdict}.",
    "conclusion_mde": (
        "Dengan {n} pasangan, hanya efek sebesar d_z {mde} atau lebih yang dapat dideteksi dengan"
        " andal (kuasa 80%)."
    ),
    "caveats_title": "Hal yang perlu diingat",
    "caveat_no_comparison": (
        "Tidak ada kelompok pembanding, sehingga perubahan ini tidak dapat dikaitkan dengan"
        " pelatihan semata: peristiwa lain pada periode yang sama, atau terbiasa dengan tesnya,"
        " juga dapat mengubah skor."
    ),
    "caveat_regression": (
        "Regresi ke rata-rata: peserta yang skor awalnya sangat rendah atau sangat tinggi cenderung"
        " mendekati rata-rata pada pengukuran berikutnya, juga tanpa pelatihan."
    ),
    "caveat_attrition": (
        "{share} peserta terdaftar tidak memiliki pasangan skor sebelum dan sesudah; jika mereka"
        " berbeda dari peserta lain, hasil ini bisa bias."
    ),
    "suppressed_text": (
        "Kelompok ini terlalu kecil untuk dipublikasikan (kurang dari 5 pasangan skor): statistik"
        " dan grafik tidak ditampilkan untuk melindungi privasi peserta, dan karena hasil dari"
        " kelompok sekecil ini tidak dapat diandalkan."
    ),
    "chart_distribution_title": "Sebaran skor sebelum dan sesudah",
    "chart_change_title": "Sebaran perubahan skor per peserta",
    "chart_before": "Sebelum",
    "chart_after": "Sesudah",
    "chart_score_axis": "Skor",
    "chart_change_axis": "Perubahan skor (sesudah − sebelum)",
    "chart_count_axis": "Jumlah pasangan",
    "chart_share_axis": "% pasangan",
    "chart_box_note": (
        "Kotak: kuartil 1 sampai 3 dengan median di tengah dan rata-rata bergaris putus-putus;"
        " garis tipis: skor terendah sampai tertinggi."
    ),
    "chart_bars_note": "Persentase pasangan pada setiap nilai skor, sebelum dan sesudah.",
    "chart_change_note": (
        "Di kanan nol: skor naik; di kiri nol: skor turun. Setiap batang menghitung pasangan dalam"
        " rentang perubahannya."
    ),
    "summary_min": "Terendah",
    "summary_q1": "Kuartil 1",
    "summary_median": "Median",
    "summary_q3": "Kuartil 3",
    "summary_max": "Tertinggi",
    "summary_mean": "Rata-rata",
    "col_statistic": "Statistik",
    "col_value": "Nilai",
    "col_score": "Skor",
    "col_change": "Perubahan",
    "col_pairs": "Pasangan",
    "col_share": "% pasangan",
    "stats_title": "Statistik lengkap",
    "stats_methods_hint": "Setiap nama statistik menuju definisinya di halaman Metode.",
    "stat_mean_diff": "Perubahan rata-rata [IK 95%]",
    "stat_sd_diff": "Simpangan baku perubahan",
    "stat_se_diff": "Galat baku perubahan rata-rata",
    "stat_t": "Uji t berpasangan",
    "stat_p_holm": "p (Holm)",
    "stat_q_bh": "q (Benjamini-Hochberg)",
    "stat_dz": "d_z [IK 95%]",
    "stat_d_av": "d_av",
    "stat_wilcoxon": "Uji peringkat bertanda Wilcoxon",
    "stat_rank_biserial": "Korelasi rank-biserial",
    "stat_shapiro": "Shapiro-Wilk atas perubahan",
    "stat_pct": "Naik / tetap / turun",
    "stat_normalized_gain": "Gain ternormalisasi (Hake)",
    "stat_mde": "Efek terkecil yang dapat dideteksi (d_z, kuasa 80%)",
    "t_format": "t({df}) = {t}; {p}",
    "wilcoxon_format": "V = {v}; {p}",
    "shapiro_format": "W = {w}; {p}",
    "pct_format": "{up} / {same} / {down}",
    "comparison_title": "Dibandingkan kelompok pembanding",
    "stat_verdict_q": "q kesimpulan (Benjamini-Hochberg)",
    "stat_sign_test": "Uji tanda (naik vs turun), p",
    "stat_stuart_maxwell": "Uji Stuart-Maxwell",
    "stat_bhapkar": "Uji Bhapkar",
    "stat_prop_diff": "Perubahan tingkat kelulusan, poin persen [IK 95%]",
    "stat_mcnemar": "Uji McNemar eksak, p",
    "stat_mcnemar_midp": "Uji McNemar mid-p",
    "chi2_format": "χ²({df}) = {x}; {p}",
    "transition_title": "Perpindahan kategori",
    "transition_caption": (
        "Baris: kategori sebelum; kolom: kategori sesudah. Sel berisi 1 sampai 4 orang ditahan,"
        " bersama sel lain secukupnya agar tidak dapat dihitung dari angka yang tampak."
    ),
    "transition_corner": "Sebelum \\ sesudah",
    "cell_suppressed": "ditahan",
    "stat_n_comparison": "Jumlah pembanding",
    "stat_did": "Selisih perubahan, peserta − pembanding [IK 95%]",
    "stat_did_p": "p (selisih perubahan)",
    "stat_ancova": "Efek ANCOVA [IK 95%]",
    "stat_ancova_p": "p (ANCOVA)",
    "stat_slopes_p": "p (kesamaan kemiringan)",
    "notes_title": "Mengapa ada nilai kosong",
    "note_too_few_pairs": "Pasangan skor terlalu sedikit untuk sebagian statistik.",
    "note_no_variation": (
        "Semua peserta berubah sama besar, sehingga simpangan baku perubahan nol dan uji t serta"
        " d_z tidak terdefinisi."
    ),
    "note_shapiro_out_of_range": "Uji Shapiro-Wilk hanya dihitung untuk 3 sampai 5.000 pasangan.",
    "note_no_scale_max": (
        "Instrumen tidak memiliki skor maksimum, sehingga gain ternormalisasi tidak dihitung."
    ),
    "note_incomplete_pairs_dropped": (
        "Baris dengan skor kosong atau bukan angka tidak diikutkan dalam pasangan."
    ),
    "note_dz_ci_failed": "Interval kepercayaan d_z tidak dapat dihitung secara numerik.",
    "note_pre_at_scale_max": (
        "Rata-rata skor sebelum sudah di nilai maksimum skala, sehingga gain ternormalisasi kosong."
    ),
    "note_suppressed_small_group": (
        "Kelompok kurang dari 5 orang: angka disembunyikan untuk melindungi privasi."
    ),
    "note_all_differences_zero": (
        "Tidak ada peserta yang skornya atau kategorinya berubah, sehingga uji yang hanya memakai "
        "perubahan (Wilcoxon, rank-biserial, uji tanda, McNemar, homogenitas marginal) kosong."
    ),
    "note_no_comparison_group": (
        "Tidak ada rekan pembanding dengan skor sebelum dan sesudah, sehingga selisih perubahan "
        "(DiD) dan ANCOVA kosong."
    ),
    "note_too_few_comparison": (
        "Orang dengan kedua skor terlalu sedikit pada kelompok peserta atau pembanding untuk "
        "sebagian uji kelompok pembanding."
    ),
    "note_comparison_no_variation": (
        "Perubahan semua orang sama besar, atau skor sebelum menebak skor sesudah dengan tepat, "
        "sehingga sebagian uji kelompok pembanding kosong."
    ),
    "note_comparison_no_pre_variation": (
        "Skor sebelum tidak bervariasi di dalam kelompok, sehingga ANCOVA tidak dapat "
        "menyesuaikannya; selisih perubahan (DiD) tetap dilaporkan."
    ),
    "note_suppressed_small_dropouts": (
        "Kurang dari 5 peserta yang tidak menyelesaikan: skor sebelum mereka tidak ditampilkan."
    ),
    "note_suppressed_small_cells": (
        "Sel dan jumlah kategori yang berisi 1 sampai 4 orang ditahan untuk melindungi privasi,"
        " bersama sel lain secukupnya agar yang ditahan tidak dapat dihitung dari angka yang"
        " ditampilkan; uji dihitung dari tabel lengkap."
    ),
    "note_no_post_scores": (
        "Belum ada skor sesudah, misalnya karena tindak lanjut belum jatuh tempo atau belum"
        " dikumpulkan."
    ),
    "note_suppressed_small_comparison": (
        "Kelompok pembanding kurang dari 5 orang: hasil perbandingan disembunyikan untuk melindungi"
        " privasi."
    ),
    "note_comparison_not_for_kind": (
        "Desain kelompok pembanding hanya dihitung untuk instrumen numerik; skor rekan pembanding "
        "untuk instrumen ini tidak dipakai."
    ),
    "note_regression_to_mean_risk": (
        "Rata-rata skor sebelum jauh di bawah rata-rata acuan (setidaknya setengah simpangan baku),"
        " sehingga sebagian perubahan dapat berasal dari regresi ke rata-rata."
    ),
    "note_unknown_category_count": (
        "Jumlah kategori instrumen tidak diketahui, sehingga skor tidak dapat dibaca sebagai "
        "kategori dan semua statistik kosong."
    ),
    "note_invalid_category_dropped": (
        "Sebagian skor bukan kategori instrumen ini dan tidak diikutkan."
    ),
    "note_no_pairs": "Tidak ada pasangan lengkap dengan kategori yang sah; semua statistik kosong.",
    "note_categories_without_change_dropped": (
        "Kategori yang hanya dipakai oleh peserta yang tidak berpindah tidak diikutkan dalam uji "
        "Stuart-Maxwell dan Bhapkar; derajat bebasnya turun sesuai itu."
    ),
    "note_categories_never_exchange": (
        "Tidak ada peserta yang berpindah di antara sebagian kategori, sehingga uji Stuart-Maxwell "
        "dan Bhapkar tidak terdefinisi."
    ),
    "note_bhapkar_singular": (
        "Semua perpindahan satu langkah ke arah yang sama, sehingga uji Bhapkar tidak terdefinisi."
    ),
    "note_levels_suppressed": (
        "Sebagian subkelompok kurang dari 5 orang: angkanya disembunyikan dan tidak diikutkan dalam"
        " uji perbedaan antarsubkelompok."
    ),
    "note_fewer_than_two_levels": (
        "Kurang dari 2 subkelompok yang cukup besar untuk ditampilkan, sehingga tidak ada yang "
        "dapat dibandingkan."
    ),
    "note_no_residual_variation": (
        "Di setiap subkelompok semua orang berubah sama besar, sehingga uji perbedaan "
        "antarsubkelompok kosong."
    ),
    "note_level_without_variation": (
        "Di satu subkelompok semua orang berubah sama besar, sehingga uji Welch kosong; ANOVA tetap"
        " dilaporkan."
    ),
    "note_effects_dropped": (
        "Sebagian program tidak memiliki perubahan atau galat baku yang dapat dipakai dan tidak "
        "diikutkan dalam penggabungan."
    ),
    "note_no_programmes": "Tidak ada program yang dapat digabungkan; semua angka gabungan kosong.",
    "note_single_programme": (
        "Hanya satu program: hasil gabungan sama dengan hasil program itu, dan heterogenitas tidak "
        "dapat dinilai."
    ),
    "note_too_few_programmes_for_prediction": (
        "Kurang dari 3 program, sehingga interval prediksi untuk program baru kosong."
    ),
    "note_tau2_not_converged": (
        "Perhitungan variasi antarprogram (tau2) tidak konvergen, sehingga hasil gabungan kosong."
    ),
    # Quarantine reasons: what was wrong with a row and what to do about it
    "reason_missing_value": (
        "Nilai wajib kosong. Isi nilainya, lalu letakkan kembali berkasnya di inbox."
    ),
    "reason_nip_stored_as_number": (
        "NIP tersimpan sebagai angka sehingga digit terakhirnya sudah hilang. Format kolom "
        "NIP sebagai Teks di sistem sumber atau lembar kerja, ekspor ulang, lalu letakkan "
        "kembali berkasnya."
    ),
    "reason_nip_not_18_digits": (
        "NIP harus 18 digit (spasi, titik dan tanda kutip sudah dibuang). Salin NIP yang benar "
        "dari SIASN, lalu letakkan kembali berkasnya."
    ),
    "reason_nip_invalid_birth_date": (
        "8 digit pertama NIP bukan tanggal lahir yang sah (YYYYMMDD). Salin NIP yang benar dari "
        "SIASN, lalu letakkan kembali berkasnya."
    ),
    "reason_nip_invalid_appointment": (
        "Digit 9-14 NIP bukan tahun dan bulan pengangkatan yang sah (bulan 01-12, atau 21 untuk "
        "PPPK, tidak sebelum tahun lahir). Salin NIP yang benar dari SIASN."
    ),
    "reason_nip_invalid_sex_digit": (
        "Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan). Salin NIP yang benar dari SIASN."
    ),
    "reason_malformed_row": (
        "Baris ini tidak dapat dibagi menjadi kolom-kolom header (jumlah kolom berbeda, "
        "biasanya karena pemisah atau tanda kutip di dalam nilai). Perbaiki barisnya"
    ),
    "reason_categories_invalid": (
        "Instrumen ordinal atau biner membutuhkan categories: label urut naik dipisah ';' "
        "(biner: tepat dua, label gagal dulu). Lengkapi kolom categories."
    ),
    "reason_not_a_date": (
        "Tanggal tidak terbaca (gunakan YYYY-MM-DD, DD/MM/YYYY atau tanggal Excel). Perbaiki "
        "tanggalnya."
    ),
    "reason_not_a_number": (
        "Nilai bukan angka. Perbaiki nilainya (tanda desimal boleh titik atau koma)."
    ),
    "reason_out_of_range": (
        "Angka di luar rentang yang diperbolehkan. Periksa kemungkinan salah ketik."
    ),
    "reason_score_outside_scale": (
        "Skor di luar skala instrumen (lihat instruments). Periksa titik desimal yang hilang "
        "atau skor dari skala lain."
    ),
    "reason_unknown_category": "Label bukan salah satu kategori instrumen. Perbaiki labelnya.",
    "reason_dates_out_of_order": (
        "Tanggal selesai lebih awal dari tanggal mulai. Perbaiki salah satunya."
    ),
    "reason_scale_out_of_order": (
        "scale_max tidak lebih besar dari scale_min. Perbaiki skala instrumen."
    ),
    "reason_unknown_kind": "kind harus numeric, ordinal atau binary.",
    "reason_unknown_phase": "phase harus pre atau post (sebelum/sesudah). Perbaiki labelnya.",
    "reason_unknown_group": "group harus participant atau comparison (kosong berarti participant).",
    "reason_unknown_program": (
        "program_id tidak diberikan oleh sumber programs mana pun. Tambahkan programnya atau "
        "perbaiki id-nya."
    ),
    "reason_unknown_instrument": (
        "instrument tidak ada di tabel instruments. Tambahkan instrumennya atau perbaiki namanya."
    ),
    "reason_duplicate_row": (
        "Salinan dari baris lain dengan kunci yang sama dan isi yang sesuai; satu salinan dipakai."
    ),
    "reason_conflicting_duplicate": (
        "Beberapa baris memiliki kunci yang sama dengan nilai berbeda, sehingga tidak ada "
        "yang dapat dipercaya. Sisakan satu baris yang benar, lalu letakkan kembali "
        "berkasnya."
    ),
    # Data quality
    "quality_title": "Kualitas data",
    "quality_intro": (
        "Setiap baris yang dibaca dari sumber (berkas atau basis data) dimuat atau dikarantina"
        " dengan alasan yang tercatat; tidak ada baris yang dibuang diam-diam."
    ),
    "contract_title": "Pemeriksaan kontrak data (Great Expectations)",
    "contract_intro": (
        "Setelah aturan baris, setiap tabel yang dimuat diperiksa sekali lagi terhadap kontraknya"
        " oleh Great Expectations sebagai implementasi kedua yang independen. Satu kegagalan saja"
        " membatalkan pemuatan."
    ),
    "col_expectation": "Ekspektasi",
    "col_checked": "Baris diperiksa",
    "col_unexpected": "Tidak sesuai",
    "col_result": "Hasil",
    "contract_passed": "lolos",
    "contract_failed": "gagal",
    "contract_sampled": "sampel",
    "no_contract": "Tidak ada pemeriksaan kontrak yang tercatat dalam run ini.",
    "sources_title": "Sumber data",
    "col_source": "Sumber",
    "col_table": "Tabel",
    "col_rows_read": "Baris dibaca",
    "col_rows_loaded": "Dimuat",
    "col_rows_quarantined": "Dikarantina",
    "col_share_quarantined": "% dikarantina",
    "total": "Total",
    "no_sources": "Tidak ada sumber data yang tercatat dalam run ini.",
    "rejections_title": "Baris yang ditolak, menurut alasan",
    "rejections_where": (
        "Baris yang ditolak beserta rincian lengkapnya (termasuk NIP) disimpan di area data"
        " terbatas data/, tidak di dalam laporan ini. `evaluasi rejected` mengekspornya (XLSX atau"
        " CSV, dengan alasan di setiap baris); perbaiki barisnya, letakkan berkasnya di folder"
        " inbox, dan run berikutnya akan memuatnya."
    ),
    "col_column": "Kolom",
    "col_reason": "Alasan",
    "col_rows": "Baris",
    "no_rejections": "Tidak ada baris yang ditolak.",
    "notes_summary_title": "Nilai kosong dalam hasil, menurut alasan",
    "notes_summary_intro": "Jumlah hasil program × instrumen yang memiliki setiap catatan.",
    "col_note_code": "Kode",
    "col_note": "Penjelasan",
    "col_results": "Hasil",
    "no_notes": "Tidak ada nilai kosong yang perlu dijelaskan.",
    # Methods
    "methods_title": "Metode",
    "methods_intro": (
        "Cara setiap angka dalam laporan ini dihitung. Nama kolom (misalnya mean_diff) sama dengan"
        " nama di berkas results.csv. Untuk setiap program dan instrumen, d = skor sesudah − skor"
        " sebelum pada peserta yang memiliki keduanya (pasangan lengkap). Nilai kosong ditandai —"
        " dan alasannya dicatat."
    ),
    "methods_columns": "Kolom",
    "method_counts_title": "Jumlah peserta dan atrisi",
    "method_counts_body": (
        "n_participants: peserta terdaftar dalam program. n_pre dan n_post: peserta yang memiliki"
        " skor sebelum, atau sesudah, pelatihan pada instrumen itu. n_paired: peserta yang memiliki"
        " keduanya; semua statistik di bawah hanya memakai pasangan lengkap ini.\n\nAtrisi (tanpa"
        " pasangan) = (n_participants − n_paired) / n_participants. Atrisi di atas 10% diberi"
        " peringatan, karena peserta yang hilang bisa berbeda dari yang tetap ikut."
    ),
    "method_attrition_title": "Peserta yang keluar (atrisi)",
    "method_attrition_body": (
        "Hanya untuk instrumen numerik. n_dropouts adalah jumlah peserta yang memiliki skor sebelum"
        " tetapi tidak memiliki skor sesudah. attrition_rate = n_dropouts / jumlah peserta yang"
        " memiliki setidaknya satu skor pada instrumen itu, sebagai pecahan 0–1 (bukan persen);"
        " peserta tanpa skor sebelum dihitung dalam penyebut saja. Ini berbeda dari atrisi di"
        " bagian jumlah peserta, yang menghitung semua peserta terdaftar tanpa pasangan"
        " lengkap.\n\npre_mean_dropouts adalah rata-rata skor sebelum peserta yang keluar."
        " dropout_pre_smd = (pre_mean − pre_mean_dropouts) / s_gab, dengan s_gab² = ((n_b − 1) s_b²"
        " + (n_k − 1) s_k²) / (n_b + n_k − 2), b = peserta yang bertahan (pasangan lengkap, yang"
        " rata-ratanya pre_mean) dan k = peserta yang keluar; varians kelompok satu orang dianggap"
        " 0. Ini adalah d Cohen antara kedua kelompok pada awal pelatihan (Cohen, 1988),"
        " pemeriksaan bias atrisi yang lazim (Goodman & Blum, 1996). Positif berarti peserta yang"
        " bertahan memulai dengan skor lebih tinggi, sehingga perubahan yang diukur pada mereka"
        " saja mungkin tidak berlaku untuk semua peserta. Kosong bila tidak ada yang keluar, bila"
        " n_b + n_k kurang dari 3, atau bila s_gab = 0. Di R: (mean(pb) - mean(pk)) / sqrt(((nb -"
        " 1) * var(pb) + (nk - 1) * var(pk)) / (nb + nk - 2))."
    ),
    "method_descriptives_title": "Rata-rata dan simpangan baku",
    "method_descriptives_body": (
        "Rata-rata dan simpangan baku (pembagi n − 1) skor sebelum (pre_) dan sesudah (post_)"
        " pelatihan, atas pasangan lengkap."
    ),
    "method_mean_change_title": "Perubahan rata-rata dan interval kepercayaannya",
    "method_mean_change_body": (
        "mean_diff adalah rata-rata d, sd_diff simpangan bakunya (pembagi n − 1), dan se_diff ="
        " sd_diff / √n. ci_low dan ci_high adalah interval kepercayaan 95% berbasis distribusi t:"
        " mean_diff ± t(0,975; n − 1) × se_diff."
    ),
    "method_t_test_title": "Uji t berpasangan",
    "method_t_test_body": (
        "t_stat = mean_diff / se_diff dengan derajat bebas df = n − 1; p_value adalah nilai p dua"
        " sisi. Sama dengan t.test(post, pre, paired = TRUE) di R. Uji ini mengandaikan perubahan"
        " kira-kira berdistribusi normal, atau n cukup besar."
    ),
    "method_cohen_dz_title": "Besar efek d_z",
    "method_cohen_dz_body": (
        "d_z = mean(d) / sd(d) = t / √n: perubahan rata-rata dalam satuan simpangan baku"
        " perubahan (d Cohen untuk data berpasangan). Interval kepercayaan 95% (dz_ci_low,"
        " dz_ci_high) diperoleh dengan membalik distribusi t non-sentral: dicari parameter"
        " non-sentralitas λ yang menjadikan t teramati persentil ke-97,5 dan ke-2,5 distribusi t"
        " non-sentral dengan n − 1 derajat bebas, lalu keduanya dibagi √n. Setiap batas diperiksa"
        " terhadap persamaan yang mendefinisikannya; bila perubahan hampir sama pada setiap"
        " peserta (statistik t mencapai ribuan, |λ| di atas 4.000, di luar jangkauan perhitungan"
        " eksak distribusi itu), interval dikosongkan dengan catatan dz_ci_not_computable, tidak"
        " pernah diisi batas yang tidak konvergen.\n\nPatokan kasar"
        " Cohen (0,2 kecil, 0,5 sedang, 0,8 besar) dibuat untuk perbandingan dua kelompok; d_z"
        " biasanya lebih besar daripada d antarkelompok untuk perubahan yang sama, karena"
        " simpangan baku perubahan mengecil bila skor sebelum dan sesudah berkorelasi."
    ),
    "method_d_av_title": "Besar efek d_av",
    "method_d_av_body": (
        "d_av = mean(d) / √((var(pre) + var(post)) / 2): perubahan rata-rata dalam satuan"
        " simpangan baku skor itu sendiri (Lakens, 2013). Tidak bergantung pada korelasi"
        " sebelum–sesudah, sehingga lebih mudah dibandingkan dengan studi dua kelompok."
    ),
    "method_more_effect_sizes_title": (
        "Besar efek lain: g_z, d_rm, korelasi, probabilitas superioritas"
    ),
    "method_more_effect_sizes_body": (
        "hedges_gz = J × d_z, dengan koreksi sampel kecil eksak Hedges J = Γ(m/2) / (√(m/2) × Γ((m"
        " − 1)/2)), m = n − 1 (Hedges, 1981): versi d_z yang tidak bias, sedikit lebih kecil"
        " daripada d_z bila n kecil. gz_ci_low dan gz_ci_high adalah dz_ci_low dan dz_ci_high"
        " dikali J yang sama. Kosong bila n kurang dari 3. Di R: dz * gamma((n - 1)/2) / (sqrt((n -"
        " 1)/2) * gamma((n - 2)/2)).\n\npre_post_r adalah korelasi Pearson antara skor sebelum dan"
        " sesudah atas pasangan lengkap, seperti cor(pre, post) di R; kosong bila salah satunya"
        " tidak bervariasi. d_rm = d_z × √(2 × (1 − pre_post_r)) (Lakens, 2013, persamaan 9): d_z"
        " tanpa pembesaran akibat korelasi sebelum–sesudah yang tinggi, sehingga nilainya dekat"
        " dengan d_av.\n\nprob_superiority = bagian pasangan dengan d > 0 ditambah setengah bagian"
        " dengan d = 0, sebagai pecahan 0–1 (Grissom & Kim, 2012): peluang seorang peserta membaik,"
        " dengan skor yang tetap dihitung setengah; 0,5 berarti tidak ada kecenderungan naik atau"
        " turun. Di R: mean(d > 0) + mean(d == 0) / 2."
    ),
    "method_wilcoxon_title": "Uji peringkat bertanda Wilcoxon",
    "method_wilcoxon_body": (
        "Dihitung seperti wilcox.test(post, pre, paired = TRUE) di R: perubahan yang bernilai nol"
        " dibuang, nilai mutlak perubahan diberi peringkat (peringkat kembar dirata-rata), dan V ="
        " jumlah peringkat perubahan positif. Nilai p dua sisi dihitung eksak bila kurang dari 50"
        " perubahan bukan nol dan tidak ada peringkat kembar maupun nol; selain itu dengan"
        " pendekatan normal, dengan koreksi peringkat kembar pada variansnya dan koreksi"
        " kontinuitas. Uji ini tidak mengandaikan perubahan berdistribusi normal."
    ),
    "method_hodges_lehmann_title": "Estimasi Hodges-Lehmann",
    "method_hodges_lehmann_body": (
        "hl_estimate adalah median-semu (pseudo-median) perubahan: median semua rata-rata Walsh"
        " (d_i + d_j) / 2, i ≤ j, atas n perubahan yang bukan nol (Hodges & Lehmann, 1963). Tidak"
        " seperti mean_diff, estimasi ini hampir tidak terpengaruh oleh segelintir perubahan"
        " ekstrem. hl_ci_low dan hl_ci_high adalah intervalnya dan hl_conf_level tingkat"
        " kepercayaan yang benar-benar dipakai; semuanya seperti wilcox.test(post, pre, paired ="
        " TRUE, conf.int = TRUE) di R (Bauer, 1972).\n\nCabang eksak (kurang dari 50 perubahan"
        " bukan nol, tanpa nilai kembar pada |d| dan tanpa perubahan nol): dengan N = n(n + 1)/2"
        " rata-rata Walsh terurut w(1) ≤ … ≤ w(N) dan qu = qsignrank(0.025, n), tetapi paling kecil"
        " 1, intervalnya [w(qu); w(N + 1 − qu)]. Bila n terlalu kecil untuk mencapai 95%, yaitu"
        " bila α yang tercapai, 2 × psignrank(qu − 1, n), melebihi 1,5 × 0,05, hl_conf_level"
        " diturunkan seperti di R menjadi 1 − signif(α tercapai, 2).\n\nDi luar cabang eksak, R"
        " membalik pendekatan normal statistik Wilcoxon dengan koreksi nilai kembar dan koreksi"
        " kontinuitas; kedua batas adalah rata-rata Walsh tempat z melewati ±z(1 − α/2) (R"
        " mencarinya dengan uniroot, dengan toleransi 1e-4). Bila tingkat 95% tidak dapat dicapai,"
        " α digandakan sampai dapat dan hl_conf_level = 1 − α; bila α mencapai 1, kedua batas sama"
        " dengan median(d) dan hl_conf_level = 0. Pada cabang ini R dapat memberi estimasi di mana"
        " saja di antara dua rata-rata Walsh tengah bila N genap; di sini selalu mediannya. Bila"
        " semua perubahan bukan nol sama besar, estimasinya nilai itu tanpa interval; bila tidak"
        " ada perubahan bukan nol, semuanya kosong."
    ),
    "method_rank_biserial_title": "Korelasi rank-biserial berpasangan",
    "method_rank_biserial_body": (
        "r = (jumlah peringkat perubahan positif − jumlah peringkat perubahan negatif) / jumlah"
        " seluruh peringkat, nol dibuang (Kerby, 2014). Dari −1 (semua turun) sampai +1 (semua"
        " naik); besar efek pendamping uji Wilcoxon."
    ),
    "method_shapiro_title": "Uji normalitas Shapiro-Wilk",
    "method_shapiro_body": (
        "Uji Shapiro-Wilk atas perubahan d, hanya bila 3 ≤ n ≤ 5.000 (seperti shapiro.test di R)."
        " Nilai p yang kecil menandakan perubahan tidak berdistribusi normal; bila n kecil,"
        " andalkan uji Wilcoxon. Pada n besar, penyimpangan kecil yang tidak berbahaya pun"
        " memberi p kecil."
    ),
    "method_pct_title": "Persentase naik, tetap, turun",
    "method_pct_body": (
        "Persentase pasangan dengan d > 0 (pct_improved), d = 0 (pct_unchanged) dan d < 0"
        " (pct_declined), dari n_paired."
    ),
    "method_normalized_gain_title": "Gain ternormalisasi (Hake)",
    "method_normalized_gain_body": (
        "g = (post_mean − pre_mean) / (scale_max − pre_mean): bagian dari kenaikan yang masih"
        " mungkin yang benar-benar tercapai (Hake, 1998). Hanya untuk instrumen yang memiliki skor"
        " maksimum."
    ),
    "method_normalized_change_title": (
        "Gain individual dan perubahan ternormalisasi (Marx-Cummings)"
    ),
    "method_normalized_change_body": (
        "mean_individual_gain adalah rata-rata gain setiap peserta, (post − pre) / (scale_max −"
        " pre), atas pasangan yang skor sebelumnya di bawah scale_max (Hake, 1998, catatan kaki 16;"
        " Bao, 2006). Ini berbeda dari normalized_gain, yang dihitung dari rata-rata kelas;"
        " keduanya dapat berselisih bila skor awal peserta beragam. Di R: mean(((post - pre) / (max"
        " - pre))[max > pre]).\n\nnormalized_change adalah rata-rata c Marx & Cummings (2007) atas"
        " pasangan: c = (post − pre) / (scale_max − pre) bila skor naik, (post − pre) / (pre −"
        " scale_min) bila skor turun, dan 0 bila tetap; pasangan yang tetap di skor maksimum atau"
        " minimum tidak diikutkan. c berkisar dari −1 sampai 1 dan, tidak seperti gain Hake,"
        " memperlakukan kenaikan dan penurunan secara setara. Marx & Cummings memakai persen"
        " (minimum 0); mengukur ruang untuk turun dari scale_min membuat c berlaku juga untuk skala"
        " seperti 1–5. Keduanya hanya untuk instrumen dengan skor maksimum, normalized_change juga"
        " dengan skor minimum."
    ),
    "method_mde_title": "Efek terkecil yang dapat dideteksi",
    "method_mde_body": (
        "mde_dz: d_z terkecil yang terdeteksi oleh uji t berpasangan dengan n_paired pasangan pada"
        " kuasa 80% dan α = 0,05 dua sisi, seperti power.t.test(n = n_paired, power = 0.8, type ="
        ' "paired") di R, yang memakai distribusi t non-sentral. Efek sebenarnya yang lebih kecil'
        ' dari ini mudah terlewat, sehingga "belum terbukti" pada kelompok kecil sering berarti'
        " datanya kurang."
    ),
    "method_ordinal_title": "Instrumen ordinal (kategori berurutan)",
    "method_ordinal_body": (
        "Skor instrumen ordinal (misalnya predikat SKP) dibaca sebagai posisi kategori dari 1"
        " (terendah) sampai K = n_categories (0 bila jumlah kategorinya tidak diketahui). Pasangan"
        " yang skornya bukan kategori sah tidak diikutkan; n_paired menghitung pasangan yang"
        " dipakai. Jarak antarkategori tidak diketahui, sehingga rata-rata, uji t, d_z dan"
        " statistik numerik lain tidak dihitung, dan baris ini tidak ikut dalam p_holm dan q_bh."
        " transition adalah tabel K × K jumlah peserta (baris = kategori sebelum, kolom = kategori"
        " sesudah) dalam JSON, misalnya [[3,1],[0,2]]; di R table(factor(pre, 1:K), factor(post,"
        " 1:K)).\n\npct_improved, pct_unchanged dan pct_declined di sini adalah persentase peserta"
        " yang naik, tetap dan turun kategori, dan wilcoxon_v serta wilcoxon_p adalah uji Wilcoxon"
        " atas selisih posisi kategori (karena banyak nilai kembar, hampir selalu dengan pendekatan"
        " normal). sign_test_p adalah uji tanda eksak dua sisi atas jumlah yang naik dan yang"
        " turun, tanpa yang tetap: binom.test(naik, naik + turun) di R. Kesimpulan memakai uji"
        " tanda ini.\n\nUji homogenitas marginal menanyakan apakah sebaran kategori berubah. Dengan"
        " n_ij peserta dari kategori i ke j, selisih marginal d_i = n_i+ − n_+i, V_ii = n_i+ + n_+i"
        " − 2n_ii dan V_ij = −(n_ij + n_ji), tanpa satu kategori: stuart_maxwell_stat X² = d′ V⁻¹ d"
        " (Stuart, 1955; Maxwell, 1970), dengan stuart_maxwell_df = K′ − 1 derajat bebas dan nilai"
        " p khi-kuadrat stuart_maxwell_p; bhapkar_stat = X² / (1 − X²/n) dengan n semua pasangan,"
        " derajat bebas yang sama, dan nilai p bhapkar_p (Bhapkar, 1966). K′ hanya menghitung"
        " kategori yang pernah dimasuki atau ditinggalkan seseorang. Sama dengan"
        " contingencytables::Stuart_test_paired_cxc dan Bhapkar_test_paired_cxc di R."
    ),
    "method_binary_title": "Instrumen biner (lulus atau tidak lulus)",
    "method_binary_body": (
        "Skor 1 = tidak lulus (kategori pertama) dan 2 = lulus. n_ff, n_fp, n_pf dan n_pp adalah"
        " tabel 2 × 2; huruf pertama = sebelum, f = tidak lulus, p = lulus (n_fp: tidak lulus"
        " sebelum, lulus sesudah); di R table(factor(pre, 1:2), factor(post, 1:2)). pct_improved ="
        " n_fp / n, pct_unchanged = (n_ff + n_pp) / n dan pct_declined = n_pf / n, dalam persen."
        " Seperti instrumen ordinal, baris ini tidak memiliki statistik numerik.\n\nUji McNemar"
        " hanya memakai pasangan yang berubah, b = n_fp dan c = n_pf. mcnemar_p: uji eksak"
        " bersyarat, min(1; 2 × P(X ≤ min(b, c))) dengan X ~ Bin(b + c; 0,5), seperti binom.test(b,"
        " b + c) di R (sama dengan exact2x2::mcnemar.exact). mcnemar_midp: p tengah, 2 × P(X ≤"
        " min(b, c)) − P(X = min(b, c)) (Fagerland, Lydersen & Laake, 2013). mcnemar_chi2 = (|b −"
        " c| − 1)² / (b + c) dengan 1 derajat bebas dan nilai p mcnemar_chi2_p, seperti"
        " mcnemar.test di R (tanpa koreksi kontinuitas bila b = c). Semuanya kosong bila b + c ="
        " 0.\n\nprop_diff = tingkat kelulusan sesudah − sebelum = (n_fp − n_pf) / n, dengan IK 95%"
        " prop_diff_ci_low dan prop_diff_ci_high menurut metode square-and-add Newcombe (1998,"
        " metode 10). Dengan p₁ dan p₂ tingkat kelulusan sebelum dan sesudah, (l, u) interval"
        " Wilson masing-masing (prop.test(x, n, correct = FALSE) di R), δ = p₂ − p₁, A = n_pp ×"
        " n_ff − n_fp × n_pf, P hasil kali keempat total marginal, dan φ = (A − n/2) / √P bila A >"
        " n/2, 0 bila 0 ≤ A ≤ n/2, A / √P bila A negatif (φ = 0 bila P = 0): batas bawah = δ −"
        " √((p₂ − l₂)² + (u₁ − p₁)² − 2φ (p₂ − l₂)(u₁ − p₁)), batas atas = δ + √((u₂ − p₂)² + (p₁ −"
        " l₁)² − 2φ (u₂ − p₂)(p₁ − l₁)). Sama dengan"
        " contingencytables::Newcombe_square_and_add_CI_paired_2x2 di R, dengan tanda dibalik."
        " Kesimpulan memakai prop_diff, intervalnya dan mcnemar_p."
    ),
    "method_adjustment_title": "Koreksi untuk banyak perbandingan",
    "method_adjustment_body": (
        "Setiap baris hasil dalam run adalah satu uji, sehingga sebagian nilai p akan kecil karena"
        " kebetulan. p_holm adalah koreksi bertahap Holm (mengendalikan peluang adanya satu saja"
        " temuan palsu); q_bh adalah koreksi Benjamini-Hochberg (mengendalikan perkiraan proporsi"
        " temuan palsu di antara temuan). Keduanya atas p_value seluruh baris run ini yang"
        ' dipublikasikan (setidaknya 5 pasangan), seperti p.adjust(method = "holm") dan'
        ' p.adjust(method = "BH") di R. Baris instrumen ordinal dan biner tidak memiliki p_value.'
        " Label kesimpulan memakai koreksinya sendiri, verdict_q (lihat Kesimpulan)."
    ),
    "method_comparison_title": "Kelompok pembanding",
    "method_comparison_body": (
        "Bila rekan yang tidak dilatih diukur pada waktu yang sama (n_comparison > 0): did_estimate"
        " adalah selisih perubahan rata-rata (peserta − pembanding), dengan interval t Welch 95%"
        " (did_ci_low, did_ci_high) dan nilai p (did_p), seperti t.test(d_peserta, d_pembanding) di"
        ' R. ancova_effect adalah koefisien "dilatih" pada regresi OLS post ~ pre + dilatih, dengan'
        " IK 95% dan nilai p-nya, seperti lm(post ~ pre + dilatih) di R; slopes_p menguji interaksi"
        " pre × dilatih (apakah hubungan skor sebelum–sesudah berbeda antarkelompok; bila kecil,"
        " efek ANCOVA sulit ditafsirkan). Panel ini hanya muncul bila ada kelompok"
        " pembanding.\n\nadj_mean_participant dan adj_mean_comparison adalah rata-rata skor sesudah"
        " yang disesuaikan dari ANCOVA itu: prediksi model untuk setiap kelompok pada rata-rata"
        " skor sebelum semua orang, ȳ_kelompok − b × (x̄_kelompok − x̄_semua), dengan b kemiringan"
        " bersama, seperti emmeans(m, ~ dilatih) di R. Selisih keduanya sama dengan"
        " ancova_effect.\n\nBila hanya 1 sampai 4 rekan pembanding memiliki kedua skor, semua angka"
        " perbandingan selain n_comparison dikosongkan untuk melindungi privasi (catatan"
        " suppressed_small_comparison)."
    ),
    "method_regression_to_mean_title": "Regresi ke rata-rata",
    "method_regression_to_mean_body": (
        "Kelompok yang skor awalnya di bawah rata-rata cenderung naik pada pengukuran berikutnya"
        " walau tanpa pelatihan, karena sebagian skor rendah itu kebetulan. rtm_expected_change ="
        " (1 − ρ) × (μ − pre_mean) adalah perubahan yang diharapkan dari efek itu saja (Barnett,"
        " van der Pols & Dobson, 2005), dengan μ rata-rata skor sebelum kelompok acuan"
        " (rtm_reference_mean), rtm_reference_sd simpangan bakunya dan ρ korelasi sebelum–sesudah"
        " kelompok acuan (rtm_rho). Positif bila program mulai di bawah acuan, negatif bila di"
        " atasnya. Di R: (1 - rho) * (mu - pre_mean). Hanya untuk instrumen numerik.\n\nAcuan"
        " (rtm_reference) adalah comparison, yaitu rekan pembanding program itu yang memiliki kedua"
        " skor, bila ada setidaknya 5 orang; selain itu population, yaitu semua peserta instrumen"
        " itu dalam run ini (μ dan simpangan baku atas semua skor sebelum, ρ atas semua pasangan"
        " lengkap). ρ seharusnya korelasi tanpa pelatihan; pada acuan population, efek pelatihan"
        " yang berbeda antarpeserta memperkecil ρ, sehingga perubahan yang diharapkan cenderung"
        " dilebihkan, bukan dikurangi. Catatan regression_to_mean_risk diberikan bila pre_mean"
        " setidaknya 0,5 simpangan baku acuan di bawah μ. Kesimpulan dengan dasar paired"
        " mengurangkan rtm_expected_change yang positif dari estimasi dan kedua batasnya (lihat"
        " Kesimpulan)."
    ),
    "method_verdict_title": "Kesimpulan (verdict)",
    "method_verdict_body": (
        "Satu label untuk pimpinan, dari aturan yang sama untuk semua baris. Label bertumpu pada"
        " satu estimasi, yang terkuat menurut desain datanya (verdict_basis), beserta nilainya"
        " (verdict_estimate), IK 95%-nya (verdict_ci_low, verdict_ci_high) dan nilai p-nya"
        " (verdict_p).\n\nDasar did: instrumen numerik dengan setidaknya 5 rekan pembanding yang"
        " memiliki kedua skor dan uji Welch yang dapat dihitung; dasarnya did_estimate, did_ci_low,"
        " did_ci_high dan did_p. Kelompok pembanding diutamakan karena perubahan sebelum–sesudah"
        " saja tidak dapat memisahkan pelatihan dari hal lain yang terjadi pada periode yang sama;"
        " selisih perubahan diutamakan atas ANCOVA karena pembanding tidak dipilih secara acak"
        " (paradoks Lord; Van Breukelen, 2006). Dasar paired: instrumen numerik lainnya; dasarnya"
        " mean_diff, ci_low, ci_high dan p_value, dengan estimasi dan kedua batasnya dikurangi"
        " rtm_expected_change bila nilai itu positif (nilai p tidak diubah), agar perubahan yang"
        " dapat muncul dari regresi ke rata-rata saja tidak disebut dampak. Dasar sign: instrumen"
        " ordinal; estimasinya selisih bagian yang naik dan yang turun, (pct_improved −"
        " pct_declined) / 100, dengan uji tanda eksak sign_test_p dan tanpa interval. Dasar"
        " mcnemar: instrumen biner; dasarnya prop_diff dengan interval Newcombe (prop_diff_ci_low,"
        " prop_diff_ci_high) dan uji McNemar eksak mcnemar_p.\n\nverdict_q adalah verdict_p yang"
        " dikoreksi Benjamini-Hochberg atas semua baris run ini yang memiliki verdict_p, seperti"
        ' p.adjust(verdict_p, method = "BH") di R; q_bh, yang hanya mengoreksi p_value, tetap'
        " dilaporkan, tetapi label memakai verdict_q. Aturannya diperiksa berurutan. Data belum"
        " cukup: kurang dari 5 pasangan, atau tidak ada nilai p (misalnya semua perubahan sama"
        " besar, atau tidak seorang pun berpindah kategori). Berdampak positif: verdict_q < 0,05,"
        " verdict_estimate > 0 dan, bila dasarnya memiliki interval, verdict_ci_low > 0. Menurun:"
        " verdict_q < 0,05, verdict_estimate < 0 dan, bila ada interval, verdict_ci_high < 0. Belum"
        " terbukti: selain itu; perubahan belum terbukti, yang tidak sama dengan bukti bahwa"
        " pelatihan tidak berdampak.\n\nWarna label mengikuti palet Okabe-Ito yang aman bagi buta"
        " warna, dan setiap label juga memiliki simbol sendiri."
    ),
    "method_pooling_title": "Gabungan antarprogram (meta-analisis)",
    "method_pooling_body": (
        "Berkas pooled.csv menggabungkan perubahan rata-rata (mean_diff, dengan varians sampling"
        " se_diff²) dari program yang dipublikasikan dengan instrumen numerik yang sama: per"
        " instrumen (scope = instrument) dan per instrumen × jenis program (scope = program_type,"
        " jenisnya di kolom program_type). Modelnya efek acak, seperti metafor::rma(yi = mean_diff,"
        ' vi = se_diff^2, method = "REML") di R dengan ambang konvergensi yang ketat.\n\nk: jumlah'
        " program yang digabung. tau2: varians perubahan sebenarnya antarprogram, diestimasi dengan"
        " REML (Viechtbauer, 2005): titik tertinggi likelihood terbatas pada tau2 ≥ 0. Karena"
        " likelihood itu dapat memiliki lebih dari satu puncak, dan pencarian lokal (juga milik"
        " metafor) dapat berhenti di puncak yang lebih rendah atau di 0, setiap gabungan juga"
        " dipindai (10 titik per dekade tau2) dan puncak tertinggi yang dipakai; itulah nilai yang"
        " ditemukan metafor bila dimulai di dekatnya (control = list(tau2.init = ...)). 0 bila"
        " k = 1. pooled_estimate = Σ W × mean_diff / Σ W dengan"
        " bobot W = 1 / (se_diff² + tau2), pooled_se = 1 / √(Σ W), pooled_ci_low dan pooled_ci_high"
        " = pooled_estimate ± 1,96 × pooled_se, dan pooled_p dari uji z. q, q_df = k − 1 dan q_p:"
        " uji heterogenitas Q Cochran dengan bobot w = 1 / se_diff². i2 = 100 × tau2 / (tau2 + s²),"
        " dalam persen, dengan s² = (k − 1) Σ w / ((Σ w)² − Σ w²) varians dalam-program yang"
        " tipikal (Higgins & Thompson, 2002). pi_low dan pi_high: interval prediksi 95% untuk"
        " perubahan sebenarnya pada program baru, pooled_estimate ± t(0,975; k − 2) × √(tau2 +"
        " pooled_se²), hanya bila k ≥ 3 (Higgins, Thompson & Spiegelhalter, 2009); metafor secara"
        " bawaan memakai z di sini, sedangkan t dengan k − 2 derajat bebas mencerminkan bahwa tau2"
        " diestimasi dari sedikit program. pooled_notes menjelaskan nilai yang kosong.\n\nHasil"
        " gabungan menggambarkan program rata-rata; interval prediksi menunjukkan seberapa beragam"
        " hasil program satu per satu."
    ),
    "method_shrinkage_title": "Perubahan yang disusutkan dan peringkat program",
    "method_shrinkage_body": (
        "Agar program dapat diperingkat secara adil, perubahan rata-rata setiap program ditarik ke"
        " arah hasil gabungan instrumennya (pooled.csv, scope = instrument) sebanding dengan"
        " ketidakpastiannya, sehingga program kecil yang kebetulan beruntung tidak langsung"
        " menduduki peringkat teratas. Dengan μ = pooled_estimate dan λ = tau2 / (tau2 + se_diff²):"
        " mean_diff_shrunk = μ + λ × (mean_diff − μ), prediksi linear tak bias terbaik (BLUP"
        " empiris-Bayes; Raudenbush & Bryk, 2002). Galat bakunya √(λ × se_diff² + (1 − λ)² ×"
        " pooled_se²), dan mean_diff_shrunk_ci_low, mean_diff_shrunk_ci_high = mean_diff_shrunk ±"
        " 1,96 × galat baku itu. Sama dengan pred, pi.lb dan pi.ub dari"
        ' metafor::blup(rma(mean_diff, se_diff^2, method = "REML")) di R.\n\nshrunk_rank adalah'
        " peringkat mean_diff_shrunk di antara program dengan instrumen yang sama: 1 = perubahan"
        " tersusut terbesar; nilai yang sama mendapat peringkat terkecil, seperti rank(-x,"
        ' ties.method = "min") di R. Bila tau2 = 0, semua program mendapat nilai gabungan dan'
        " peringkat 1. Hanya untuk instrumen numerik dengan hasil yang dipublikasikan."
    ),
    "method_subgroups_title": "Subkelompok peserta",
    "method_subgroups_body": (
        "Berkas subgroups.csv memuat perubahan per subkelompok peserta untuk setiap program dan"
        " instrumen, menurut empat dimensi (dimension): unit (OPD), rank_band (golongan PNS I"
        " sampai IV, dibaca dari pangkat, misalnya III/a menjadi III), sex (male atau female, dari"
        " digit ke-15 NIP) dan age_band (di bawah 30, 30-39, 40-49, 50+; umur dalam tahun penuh"
        " pada tanggal mulai program, dari tanggal lahir di 8 digit pertama NIP). Subkelompok yang"
        " tidak diketahui tidak diikutkan. Per subkelompok (level): n_paired, mean_diff, sd_diff,"
        " pre_mean, post_mean, serta IK 95% (ci_low, ci_high) dan p_value uji t berpasangan,"
        " seperti t.test(post, pre, paired = TRUE) di R.\n\nBerkas subgroup_tests.csv menguji, per"
        " dimensi, apakah perubahan berbeda antarsubkelompok, atas subkelompok yang ditampilkan"
        " (n_levels) dan pasangannya (n_paired). interaction_f, interaction_df1, interaction_df2"
        " dan interaction_p: ANOVA satu arah perubahan d menurut subkelompok, anova(lm(d ~ level))"
        " di R; F ini sama persis dengan F interaksi waktu × subkelompok pada ANOVA campuran skor"
        " (Huck & McLean, 1975). welch_f, welch_df1, welch_df2 dan welch_p: uji Welch (1951),"
        " oneway.test(d ~ level) di R, yang tidak mengandaikan varians yang sama. subgroup_notes"
        " menjelaskan nilai yang kosong. Banyak dimensi diuji tanpa koreksi, jadi nilai p yang"
        " kecil adalah petunjuk untuk ditelusuri, bukan temuan; bahwa satu subkelompok signifikan"
        " dan yang lain tidak bukanlah bukti bahwa keduanya berbeda (Gelman & Stern,"
        " 2006).\n\nPrivasi: subkelompok dengan kurang dari 5 pasangan disembunyikan (suppressed"
        " bernilai True; n_paired dan semua angkanya kosong) dan tidak ikut diuji. Karena angka"
        " seluruh program dipublikasikan, satu subkelompok tersembunyi dapat dihitung dengan"
        " pengurangan; karena itu, dalam dimensi yang hanya memiliki satu subkelompok tersembunyi,"
        " subkelompok terkecil di antara yang ditampilkan juga disembunyikan (penyembunyian"
        " komplementer)."
    ),
    "method_attribution_title": "Apa yang tidak dapat disimpulkan",
    "method_attribution_body": (
        "Tanpa kelompok pembanding, perubahan sebelum–sesudah bisa juga berasal dari peristiwa"
        " lain, dari terbiasa dengan tes, atau dari regresi ke rata-rata, sehingga tidak dapat"
        " dikaitkan dengan pelatihan semata. Kesimpulan berlaku untuk peserta yang memiliki"
        " pasangan skor lengkap."
    ),
    "method_small_groups_title": "Kelompok kecil",
    "method_small_groups_body": (
        "Kelompok dengan kurang dari 5 pasangan tidak diberi statistik maupun grafik dan"
        ' mendapat kesimpulan "Data belum cukup". Angka yang dapat mengungkap kelompok kurang'
        " dari 5 orang disembunyikan sebelum laporan dibuat (catatan suppressed_small_group)."
    ),
    "method_privacy_title": "Data pribadi",
    "method_privacy_body": (
        "Laporan ini tidak pernah memuat NIP, nama, atau data pribadi lain. Grafik sebaran program"
        " dengan sedikitnya 5 pasangan memuat skor perorangan tanpa identitas apa pun: garis"
        " berpasangan sampai 40 pasangan, dan di atasnya 150 skor yang diambil acak, tanpa"
        " pasangannya. Skor digambar berurutan menurut nilainya, bukan menurut urutan baris data,"
        " sehingga urutan daftar peserta tidak dapat dicocokkan. Baris masukan yang ditolak,"
        " lengkap dengan NIP, tetap di area data terbatas.\n\nTeks dari data (nama program, OPD,"
        " label) yang diawali =, +, -, @, tab atau CR diberi awalan ' di berkas CSV yang"
        " dipublikasikan dan disimpan sebagai teks di results.xlsx, agar program lembar kerja"
        " tidak menjalankannya sebagai rumus."
    ),
    "method_charts_title": "Grafik",
    "method_charts_body": (
        "Grafik dampak di ringkasan: per instrumen, perkiraan dampak setiap program (dasar"
        " kesimpulannya) dengan IK 95%, perubahan teramati, dan perubahan tersusut (empirical"
        " Bayes) dengan IK 95%; pita biru adalah rata-rata gabungan efek acak dengan IK 95%."
        " Daftar panjang dibagi menjadi grafik berisi paling banyak 20 program agar muat satu"
        " halaman A4.\n\nSebaran skor: garis berpasangan per peserta sampai 40 pasangan; di"
        " atasnya raincloud, yaitu kepadatan kernel Gauss (lebar pita seperti bw.nrd0 di R,"
        " dihitung atas 256 kelas), diagram kotak (kuartil type 7 seperti quantile() di R, garis"
        " tipis sampai skor terendah dan tertinggi, rata-rata bergaris putus-putus) dan 150 skor"
        " acak dengan benih tetap per grafik. Skor dengan sedikit nilai bulat (skala 1-5) dan"
        " instrumen ordinal atau lulus/tidak lulus: batang persentase per nilai atau kategori."
        " Perpindahan kategori: peta panas jumlah orang per kategori sebelum dan sesudah. Sebaran"
        " perubahan: histogram d dengan batas kelas pada nol. Setiap grafik didampingi tabel"
        " berisi angka yang sama."
    ),
    "method_summary_title": "Ringkasan: biaya, cakupan data dan tren",
    "method_summary_body": (
        "Biaya per peserta adalah jumlah biaya program yang biayanya tercatat dibagi jumlah"
        " peserta terdaftar di program-program itu; biaya per peserta per JP membaginya lagi"
        " dengan jam pelajaran, yaitu jumlah biaya dibagi jumlah (peserta × JP). Program tanpa"
        " biaya tidak diikutkan. Baris cakupan data menjumlahkan baris yang dibaca dan"
        " dikarantina di semua sumber run ini.\n\nTren membandingkan run ini dengan run terakhir"
        " yang selesai untuk setiap triwulan sebelumnya di gudang data, paling banyak 8 periode."
        " Run yang hanya memilih sebagian program, atau yang dimulai sesudah run ini, tidak"
        " diikutkan. Berdampak positif adalah bagian hasil program × instrumen berkesimpulan"
        " positif di antara semua hasil run itu; median d_z dihitung atas hasil yang"
        " dipublikasikan."
    ),
    # Notification emails (evaluasi/notify.py)
    "notify_published_subject": "[evaluasi] Laporan {period_label} sudah terbit (run {run_id})",
    "notify_published_body": (
        "Laporan evaluasi dampak pelatihan periode {period_label} sudah terbit.\n"
        "\n"
        "Run: {run_id}\n"
        "Periode: {period_label}\n"
        "Program dievaluasi: {n_programs}\n"
        "Hasil per instrumen: {n_results}\n"
        "Laporan: {report}\n"
    ),
    "notify_failed_subject": "[evaluasi] Run {run_id} periode {period_label} gagal",
    "notify_failed_body": (
        "Run evaluasi dampak pelatihan periode {period_label} gagal.\n"
        "\n"
        "Run: {run_id}\n"
        "Periode: {period_label}\n"
        "Galat: {error}\n"
        "\n"
        "Rinciannya ada di log run ini.\n"
    ),
    "method_numbers_title": "Penulisan angka",
    "method_numbers_body": (
        "Pemisah ribuan titik dan desimal koma (1.234,5); nilai p di bawah 0,001 ditulis < 0,001;"
        " — berarti nilai kosong, dengan alasan di catatan halaman program."
    ),
    "run_title": "Run ini",
    "run_id_label": "ID run",
    "run_started": "Dimulai",
    "run_period": "Periode",
    "run_language": "Bahasa laporan",
    "language_name": "Bahasa Indonesia",
    "parameters_title": "Parameter run",
    "col_parameter": "Parameter",
    "no_parameters": "Run ini tidak memakai parameter.",
    "versions_title": "Versi perangkat lunak",
    "col_library": "Pustaka",
    "col_version": "Versi",
    "fingerprints_title": "Sidik jari berkas masukan",
    "fingerprints_intro": (
        "Hash SHA-256 setiap berkas sumber: berkas yang sama persis memberi hash yang sama,"
        " sehingga laporan dapat dicocokkan dengan data yang dipakainya."
    ),
    "col_file": "Berkas",
    "col_sha256": "SHA-256",
    "no_fingerprints": "Tidak ada sidik jari berkas yang tercatat.",
    # Excel export (results.xlsx): sheet names, the notes sheet, a label per column
    "xlsx_sheet_numeric": "Numerik",
    "xlsx_sheet_ordinal": "Ordinal",
    "xlsx_sheet_binary": "Biner",
    "xlsx_sheet_pooled": "Gabungan",
    "xlsx_sheet_subgroups": "Subkelompok",
    "xlsx_sheet_notes": "Keterangan",
    "xlsx_notes_source": (
        "Lembar-lembar ini memuat angka yang sama dengan results.csv, pooled.csv dan"
        " subgroups.csv di folder yang sama, dengan nama kolom yang sama; satu lembar per jenis"
        " instrumen."
    ),
    "xlsx_notes_empty": (
        "Sel kosong: statistik itu tidak berlaku atau tidak dapat dihitung untuk barisnya, atau"
        " disembunyikan karena kelompoknya kurang dari {min_group} orang; kolom notes menyebut"
        " alasannya."
    ),
    "xlsx_notes_methods": (
        "Definisi dan cara menghitung setiap angka ada di halaman Metode (methods.html)."
    ),
    "xlsx_notes_column": "Kolom",
    "xlsx_notes_label": "Keterangan",
    "xlsx_notes_sheets": "Lembar",
    "xlsx_notes_code": "Kode catatan",
    "xlsx_notes_meaning": "Arti",
    "column_program_id": "ID program",
    "column_instrument": "ID instrumen",
    "column_program_name": "Nama program",
    "column_program_type": "Jenis program",
    "column_start_date": "Tanggal mulai",
    "column_end_date": "Tanggal selesai",
    "column_jp": "Jam pelajaran (JP)",
    "column_cost_idr": "Biaya (rupiah)",
    "column_instrument_label": "Nama instrumen",
    "column_instrument_categories": "Kategori instrumen, dari yang terendah (dipisah ;)",
    "column_scale_min": "Skor terendah skala",
    "column_scale_max": "Skor tertinggi skala",
    "column_n_participants": "Peserta terdaftar",
    "column_n_pre": "Peserta dengan skor sebelum",
    "column_n_post": "Peserta dengan skor sesudah",
    "column_n_paired": "Pasangan skor lengkap (sebelum dan sesudah)",
    "column_pre_mean": "Rata-rata skor sebelum",
    "column_pre_sd": "Simpangan baku skor sebelum",
    "column_post_mean": "Rata-rata skor sesudah",
    "column_post_sd": "Simpangan baku skor sesudah",
    "column_mean_diff": "Perubahan rata-rata (sesudah − sebelum)",
    "column_sd_diff": "Simpangan baku perubahan",
    "column_se_diff": "Galat baku perubahan rata-rata",
    "column_ci_low": "Perubahan rata-rata, batas bawah IK 95%",
    "column_ci_high": "Perubahan rata-rata, batas atas IK 95%",
    "column_t_stat": "Statistik t berpasangan",
    "column_df": "Derajat bebas uji t",
    "column_p_value": "Nilai p uji t berpasangan",
    "column_cohen_dz": "Besar efek d_z",
    "column_dz_ci_low": "d_z, batas bawah IK 95%",
    "column_dz_ci_high": "d_z, batas atas IK 95%",
    "column_d_av": "Besar efek d_av",
    "column_wilcoxon_v": "Statistik V uji Wilcoxon",
    "column_wilcoxon_p": "Nilai p uji Wilcoxon",
    "column_rank_biserial": "Korelasi rank-biserial",
    "column_shapiro_w": "Statistik W Shapiro-Wilk atas perubahan",
    "column_shapiro_p": "Nilai p Shapiro-Wilk",
    "column_pct_improved": "% pasangan yang naik",
    "column_pct_unchanged": "% pasangan yang tetap",
    "column_pct_declined": "% pasangan yang turun",
    "column_normalized_gain": "Gain ternormalisasi (Hake)",
    "column_mde_dz": "Efek terkecil yang dapat dideteksi (d_z, kuasa 80%)",
    "column_p_holm": "Nilai p dikoreksi Holm",
    "column_q_bh": "Nilai q (Benjamini-Hochberg)",
    "column_n_comparison": "Rekan pembanding dengan skor sebelum dan sesudah",
    "column_did_estimate": "Selisih perubahan, peserta − pembanding (DiD)",
    "column_did_ci_low": "DiD, batas bawah IK 95%",
    "column_did_ci_high": "DiD, batas atas IK 95%",
    "column_did_p": "Nilai p DiD (uji Welch)",
    "column_ancova_effect": "Efek ANCOVA",
    "column_ancova_ci_low": "Efek ANCOVA, batas bawah IK 95%",
    "column_ancova_ci_high": "Efek ANCOVA, batas atas IK 95%",
    "column_ancova_p": "Nilai p ANCOVA",
    "column_slopes_p": "Nilai p kesamaan kemiringan",
    "column_verdict": "Kode kesimpulan",
    "column_verdict_label": "Kesimpulan",
    "column_verdict_basis": "Dasar kesimpulan (did, paired, sign, mcnemar)",
    "column_verdict_estimate": "Estimasi dasar kesimpulan",
    "column_verdict_ci_low": "Estimasi dasar kesimpulan, batas bawah IK 95%",
    "column_verdict_ci_high": "Estimasi dasar kesimpulan, batas atas IK 95%",
    "column_verdict_p": "Nilai p dasar kesimpulan",
    "column_verdict_q": "Nilai q kesimpulan (Benjamini-Hochberg)",
    "column_hedges_gz": "Besar efek g_z (Hedges)",
    "column_gz_ci_low": "g_z, batas bawah IK 95%",
    "column_gz_ci_high": "g_z, batas atas IK 95%",
    "column_d_rm": "Besar efek d_rm",
    "column_pre_post_r": "Korelasi skor sebelum dan sesudah",
    "column_hl_estimate": "Estimasi Hodges-Lehmann perubahan",
    "column_hl_ci_low": "Hodges-Lehmann, batas bawah interval",
    "column_hl_ci_high": "Hodges-Lehmann, batas atas interval",
    "column_hl_conf_level": "Tingkat kepercayaan interval Hodges-Lehmann",
    "column_prob_superiority": "Probabilitas superioritas (0 sampai 1)",
    "column_mean_individual_gain": "Rata-rata gain individu",
    "column_normalized_change": "Perubahan ternormalisasi (Marx-Cummings)",
    "column_n_dropouts": "Peserta keluar (skor sebelum tanpa skor sesudah)",
    "column_attrition_rate": "Tingkat atrisi",
    "column_pre_mean_dropouts": "Rata-rata skor sebelum peserta yang keluar",
    "column_dropout_pre_smd": "Selisih baku skor sebelum, yang bertahan − yang keluar",
    "column_adj_mean_participant": "Rata-rata sesudah terkoreksi ANCOVA, peserta",
    "column_adj_mean_comparison": "Rata-rata sesudah terkoreksi ANCOVA, pembanding",
    "column_rtm_reference": "Kelompok acuan regresi ke rata-rata",
    "column_rtm_reference_mean": "Rata-rata skor sebelum kelompok acuan",
    "column_rtm_reference_sd": "Simpangan baku skor sebelum kelompok acuan",
    "column_rtm_rho": "Korelasi sebelum–sesudah kelompok acuan",
    "column_rtm_expected_change": "Perubahan yang diharapkan dari regresi ke rata-rata",
    "column_n_categories": "Jumlah kategori",
    "column_transition": "Tabel transisi kategori sebelum × sesudah (JSON)",
    "column_sign_test_p": "Nilai p uji tanda",
    "column_stuart_maxwell_stat": "Statistik Stuart-Maxwell",
    "column_stuart_maxwell_df": "Derajat bebas Stuart-Maxwell",
    "column_stuart_maxwell_p": "Nilai p Stuart-Maxwell",
    "column_bhapkar_stat": "Statistik Bhapkar",
    "column_bhapkar_p": "Nilai p Bhapkar",
    "column_n_ff": "Tidak lulus sebelum, tidak lulus sesudah",
    "column_n_fp": "Tidak lulus sebelum, lulus sesudah",
    "column_n_pf": "Lulus sebelum, tidak lulus sesudah",
    "column_n_pp": "Lulus sebelum, lulus sesudah",
    "column_mcnemar_p": "Nilai p McNemar eksak",
    "column_mcnemar_midp": "Nilai mid-p McNemar",
    "column_mcnemar_chi2": "Statistik khi-kuadrat McNemar",
    "column_mcnemar_chi2_p": "Nilai p khi-kuadrat McNemar",
    "column_prop_diff": "Perubahan tingkat kelulusan (sesudah − sebelum)",
    "column_prop_diff_ci_low": "Perubahan tingkat kelulusan, batas bawah IK 95%",
    "column_prop_diff_ci_high": "Perubahan tingkat kelulusan, batas atas IK 95%",
    "column_mean_diff_shrunk": "Perubahan rata-rata yang disusutkan (empirical Bayes)",
    "column_mean_diff_shrunk_ci_low": "Perubahan yang disusutkan, batas bawah IK 95%",
    "column_mean_diff_shrunk_ci_high": "Perubahan yang disusutkan, batas atas IK 95%",
    "column_shrunk_rank": "Peringkat perubahan yang disusutkan dalam instrumennya",
    "column_notes": "Kode catatan (artinya di bawah)",
    "column_scope": "Cakupan gabungan (instrument atau program_type)",
    "column_k": "Jumlah program yang digabung",
    "column_pooled_estimate": "Perubahan rata-rata gabungan",
    "column_pooled_se": "Galat baku perubahan gabungan",
    "column_pooled_ci_low": "Perubahan gabungan, batas bawah IK 95%",
    "column_pooled_ci_high": "Perubahan gabungan, batas atas IK 95%",
    "column_pooled_p": "Nilai p perubahan gabungan",
    "column_tau2": "Varians perubahan antarprogram (tau²)",
    "column_q": "Statistik Q Cochran (heterogenitas)",
    "column_q_df": "Derajat bebas Q",
    "column_q_p": "Nilai p uji Q",
    "column_i2": "I² (%)",
    "column_pi_low": "Interval prediksi 95%, batas bawah",
    "column_pi_high": "Interval prediksi 95%, batas atas",
    "column_pooled_notes": "Kode catatan gabungan (artinya di bawah)",
    "column_dimension": "Dimensi subkelompok (unit, rank_band, sex, age_band)",
    "column_level": "Subkelompok",
    "column_suppressed": "Disembunyikan untuk melindungi privasi",
    # Programme page panels (issue 5)
    "programme_cost_per_participant_jp": "Biaya per peserta per JP",
    "chart_direction_up": "Naik",
    "chart_direction_same": "Tetap",
    "chart_direction_down": "Turun",
    "chart_mean": "Rata-rata",
    "chart_lines_note": (
        "Setiap garis adalah satu peserta, dari skor sebelum ke skor sesudah: hijau naik, abu-abu"
        " tetap, jingga turun. Garis tebal menghubungkan rata-ratanya."
    ),
    "chart_raincloud_note": (
        "Bentuk awan: sebaran skor; kotak: kuartil 1 sampai 3 dengan median dan rata-rata"
        " bergaris putus-putus; titik: {sample} skor yang diambil acak."
    ),
    "effects_title": "Ukuran efek",
    "stat_gz": "g_z (d_z terkoreksi bias) [IK 95%]",
    "stat_d_rm": "d_rm (pengukuran berulang)",
    "stat_hl": "Perubahan median Hodges-Lehmann, poin [IK 95%]",
    "stat_prob_superiority": "Peluang skor sesudah lebih tinggi",
    "stat_pre_post_r": "Korelasi skor sebelum dan sesudah",
    "ci_level_note": "{interval} (IK eksak {level})",
    "pooled_title": "Dibandingkan program lain",
    "pooled_intro": (
        "Gabungan semua program pada run ini yang memakai instrumen yang sama (model efek acak)."
        " Estimasi tersusut menarik perubahan program ke arah rata-rata gabungan sesuai"
        " ketidakpastiannya, sehingga program kecil tidak tampak terbaik atau terburuk karena"
        " kebetulan."
    ),
    "pooled_all": "Perubahan rata-rata semua program [IK 95%]",
    "pooled_value": "{interval}; {k} program",
    "pooled_prediction": "Rentang prediksi 95% untuk satu program",
    "pooled_i2": "Keragaman antarprogram (I²)",
    "pooled_type": "Perubahan rata-rata program sejenis [IK 95%]",
    "pooled_observed": "Program ini, teramati [IK 95%]",
    "pooled_shrunk": "Program ini, tersusut [IK 95%]",
    "pooled_rank": "Peringkat setelah penyusutan",
    "rank_of": "{rank} dari {k}",
    "attrition_title": "Peserta yang tidak menyelesaikan",
    "attrition_none": "Semua peserta yang punya skor sebelum juga punya skor sesudah.",
    "attrition_share": (
        "{dropouts} dari {enrolled} peserta terdaftar ({share}) punya skor sebelum tetapi tidak"
        " punya skor sesudah."
    ),
    "attrition_small": (
        "Karena kurang dari 5 orang, skor sebelum mereka tidak ditampilkan untuk melindungi"
        " privasi."
    ),
    "attrition_baseline": (
        "Skor sebelum mereka rata-rata {dropouts}, dibanding {completers} pada peserta yang"
        " menyelesaikan (selisih baku {smd})."
    ),
    "attrition_biased": (
        "Peserta yang tidak menyelesaikan sudah berbeda sejak awal, sehingga perubahan yang"
        " diukur mungkin tidak berlaku untuk seluruh angkatan."
    ),
    "attrition_completers": "Menyelesaikan",
    "attrition_dropouts": "Tidak menyelesaikan",
    "col_group": "Kelompok",
    "col_people": "Orang",
    "col_subgroup": "Subkelompok",
    "subgroups_title": "Menurut subkelompok peserta",
    "subgroups_intro": (
        "Perubahan rata-rata per subkelompok. Subkelompok dengan kurang dari 5 pasangan skor, dan"
        " bila perlu satu subkelompok lain agar angkanya tidak dapat dihitung balik, tidak"
        " ditampilkan."
    ),
    "subgroup_withheld": "{count} subkelompok lain (disembunyikan)",
    "subgroup_no_test": "Perbedaan antarsubkelompok tidak dapat diuji.",
    "subgroup_test": "Perbedaan antarsubkelompok (uji Welch): F({df1}; {df2}) = {f}; {p}.",
    "subgroup_dimension_unit": "Perangkat daerah (OPD)",
    "subgroup_dimension_rank_band": "Golongan",
    "subgroup_dimension_sex": "Jenis kelamin",
    "subgroup_dimension_age_band": "Kelompok umur",
    "subgroup_level_sex_female": "Perempuan",
    "subgroup_level_sex_male": "Laki-laki",
    "subgroup_level_age_band_<30": "Di bawah 30 tahun",
    "subgroup_level_age_band_30-39": "30–39 tahun",
    "subgroup_level_age_band_40-49": "40–49 tahun",
    "subgroup_level_age_band_50+": "50 tahun ke atas",
    "pass_rate_before": "Tingkat kelulusan sebelum",
    "pass_rate_after": "Tingkat kelulusan sesudah",
    "median_before": "Kategori tengah sebelum",
    "median_after": "Kategori tengah sesudah",
    "caveat_normality": (
        "Perubahan skor tidak menyebar normal (Shapiro-Wilk, {p}); pegangan yang lebih kokoh"
        " adalah uji Wilcoxon dan perubahan median Hodges-Lehmann, {hl}."
    ),
}

_EN: dict[str, str] = {
    # Page frame
    "report_title": "Training Impact Evaluation",
    "skip_to_content": "Skip to content",
    "nav_label": "Report navigation",
    "nav_summary": "Summary",
    "nav_quality": "Data quality",
    "nav_methods": "Methods",
    "header_meta": "{period} · generated {generated}",
    "period_all": "All periods",
    "period_quarter": "Q{quarter} {year}",
    "date_format": "{day} {month} {year}",
    "datetime_format": "{date}, {hour}:{minute} {tz}",
    "footer_text": "Produced by evaluasi {version} · run {run_id} · {generated}",
    "footer_privacy": "This report contains no NIPs, names or other personal data of participants.",
    "chart_data_table": "Chart data table",
    "no_rows": "No data.",
    "ci_format": "{estimate} [{low}, {high}]",
    "range_format": "{low} to {high}",
    "percent_format": "{value}%",
    "rupiah_million": "Rp {value} million",
    "rupiah_billion": "Rp {value} billion",
    "rupiah_trillion": "Rp {value} trillion",
    "rupiah_format": "Rp {value}",
    # Verdicts
    "verdict_positive": "Positive impact",
    "verdict_not_shown": "Not shown",
    "verdict_negative": "Declined",
    "verdict_insufficient": "Insufficient data",
    "verdict_positive_explain": (
        "Scores rose significantly after the Benjamini-Hochberg adjustment across all verdicts in"
        " this run (q < 0.05), and the 95% confidence interval of the change, where there is one,"
        " lies wholly above zero."
    ),
    "verdict_not_shown_explain": (
        "There are at least 5 score pairs, but the change is not significant (q ≥ 0.05) or its 95%"
        " confidence interval includes zero; not shown is not the same as no impact."
    ),
    "verdict_negative_explain": (
        "Scores fell significantly after the Benjamini-Hochberg adjustment (q < 0.05), and the 95%"
        " confidence interval of the change, where there is one, lies wholly below zero."
    ),
    "verdict_insufficient_explain": (
        "Fewer than 5 participants have both a before and an after score, or the change cannot be"
        " tested (for instance, everyone changed by the same amount), so no conclusion is drawn."
    ),
    # Executive summary
    "summary_title": "Executive summary",
    "kpi_programmes": "Programmes evaluated",
    "kpi_programmes_detail": "with {rows} results by instrument",
    "kpi_participants": "Participants",
    "kpi_participants_detail": "enrolled in the evaluated programmes",
    "kpi_positive": "Positive impact",
    "kpi_positive_detail": "{positive} of {total} programme × instrument results",
    "findings_title": "What worked, what did not",
    "findings_positive": "Scores rose convincingly in",
    "findings_not_shown": "No change could be shown yet in",
    "findings_negative": "Scores fell in",
    "findings_insufficient": "Too little data to judge",
    "findings_none": "This run has no results yet.",
    "findings_more": "and {count} more in the table All results",
    "forest_title": "How large was the change",
    "forest_intro": (
        "For each instrument, each row is one programme. Coloured mark: the estimated impact the"
        " verdict rests on (against the comparison group where there is one, otherwise the"
        " before-after change less regression to the mean); grey ring: the observed change;"
        " diamond: the change shrunk toward the mean of all programmes. Horizontal lines are 95%"
        " confidence intervals; the blue band is the pooled mean. A line that crosses zero means"
        " the change is uncertain."
    ),
    "forest_axis_points": "Change in score (points)",
    "forest_axis_share": "Change (percentage points)",
    "forest_not_plotted": (
        "Not drawn for lack of data: {count} results. Every result is in the All results table."
    ),
    "forest_table_caption": "Chart data for {instrument}, largest first",
    "forest_chart_label": "Estimated impact per programme, {instrument} (part {part} of {parts})",
    "forest_observed": "Observed",
    "forest_shrunk": "Shrunken",
    "forest_pooled": "Pooled mean of {k} programmes: {interval}.",
    "forest_basis_did": "against the comparison group",
    "forest_basis_paired": "before-after",
    "forest_basis_paired_rtm": "before-after, less regression to the mean",
    "forest_basis_sign": "net share moving up",
    "forest_basis_mcnemar": "change in pass rate",
    "col_basis": "Basis",
    "col_estimate": "Estimated impact [95% CI]",
    "col_observed": "Observed [95% CI]",
    "col_shrunk": "Shrunken [95% CI]",
    "kpi_cost": "Cost per participant",
    "kpi_cost_detail": (
        "{per_jp} per participant per JP; {programmes} programmes with costs, {total} in all"
    ),
    "coverage_line": (
        "Data: {read} rows read from {sources} sources, {quarantined} quarantined ({share});"
        " {testable} of {total} programme × instrument results could be judged."
    ),
    "trend_title": "Compared with earlier periods",
    "trend_intro": (
        "This run beside the latest complete run of each earlier period kept in the warehouse."
    ),
    "trend_none": "No run of an earlier period is in the warehouse yet to compare with.",
    "trend_axis": "Results with a positive impact",
    "trend_current": "this run",
    "col_period": "Period",
    "col_positive_share": "Positive impact",
    "col_median_dz": "Median d_z",
    "all_results_title": "All results",
    "filter_search": "Search",
    "filter_placeholder": "Programme or instrument name",
    "filter_verdict": "Verdict",
    "filter_all": "All",
    "filter_count": "{shown} of {total} rows shown",
    "table_sort_hint": "Click a column heading to sort.",
    "col_programme": "Programme",
    "col_instrument": "Instrument",
    "col_verdict": "Verdict",
    "col_n_paired": "Pairs (n)",
    "col_mean_change": "Mean change [95% CI]",
    "col_dz": "d_z [95% CI]",
    "col_q": "q (BH)",
    # Programme page
    "back_to_summary": "Back to summary",
    "programme_type": "Type",
    "programme_dates": "Dates",
    "programme_jp": "Learning hours (JP)",
    "programme_cost": "Cost",
    "programme_cost_per_participant": "Cost per enrolled participant",
    "programme_instruments": "Instruments measured",
    "kind_numeric": "numeric",
    "kind_ordinal": "ordinal",
    "kind_binary": "binary",
    "scale_range": "scale {low}–{high}",
    "count_enrolled": "Enrolled",
    "count_pre": "With a before score",
    "count_post": "With an after score",
    "count_paired": "Paired",
    "count_attrition": "Without a pair",
    "mean_before": "Mean before",
    "mean_after": "Mean after",
    "mean_sd": "{mean} (SD {sd})",
    "conclusion_change_paired": (
        "Participants' {instrument} scores changed by {change} points on average (95% CI {low} to"
        " {high})."
    ),
    "conclusion_change_did": (
        "Compared with untrained colleagues, participants' {instrument} scores changed by "
        "{change} points more (95% CI {low} to {high})."
    ),
    "conclusion_change_sign": (
        "On {instrument}, {improved} of participants moved up a category and {declined} moved "
        "down: a net {change} percentage points."
    ),
    "conclusion_change_mcnemar": (
        "On {instrument}, the share of participants who passed changed by {change} percentage"
        " points (95% CI {low} to {high})."
    ),
    "conclusion_rtm": (
        "This already leaves out {rtm} points, the change expected from regression to the mean "
        "alone, because participants started below the reference mean."
    ),
    "conclusion_positive": (
        "This change is too large to be chance, even after allowing for the number of comparisons"
        " in this run ({q})."
    ),
    "conclusion_not_shown": (
        "This change cannot yet be told apart from chance ({q}). This is not proof that the "
        "training had no effect."
    ),
    "conclusion_negative": (
        "This fall cannot be put down to chance ({q}); its causes need to be looked into."
    ),
    "conclusion_untestable": (
        "The change in {instrument} cannot be tested, for example because no score changed (see "
        "the notes)."
    ),
    "conclusion_insufficient": (
        "There is too little data to judge the change in {instrument} scores: fewer than 5"
        " participants have both a before and an after score."
    ),
    "conclusion_other": "Verdict for {instrument}: {verdict}.",
    "conclusion_mde": (
        "With {n} pairs, only an effect of d_z {mde} or more can be detected reliably (80% power)."
    ),
    "caveats_title": "Keep in mind",
    "caveat_no_comparison": (
        "There is no comparison group, so this change cannot be attributed to the training alone:"
        " other events in the same period, or getting used to the test, can also change scores."
    ),
    "caveat_regression": (
        "Regression to the mean: participants who start very low or very high tend to move towards"
        " the average at the next measurement, even without training."
    ),
    "caveat_attrition": (
        "{share} of enrolled participants have no before-and-after pair; if they differ from the"
        " others, this result may be biased."
    ),
    "suppressed_text": (
        "This group is too small to publish (fewer than 5 score pairs): statistics and charts are"
        " not shown, to protect participants' privacy and because results from so small a group"
        " are not reliable."
    ),
    "chart_distribution_title": "Scores before and after",
    "chart_change_title": "Change in score per participant",
    "chart_before": "Before",
    "chart_after": "After",
    "chart_score_axis": "Score",
    "chart_change_axis": "Change in score (after − before)",
    "chart_count_axis": "Number of pairs",
    "chart_share_axis": "% of pairs",
    "chart_box_note": (
        "Box: 1st to 3rd quartile with the median inside and the mean dashed; thin lines: lowest"
        " to highest score."
    ),
    "chart_bars_note": "Share of pairs at each score value, before and after.",
    "chart_change_note": (
        "Right of zero: the score rose; left of zero: it fell. Each bar counts the pairs whose"
        " change falls in its range."
    ),
    "summary_min": "Lowest",
    "summary_q1": "1st quartile",
    "summary_median": "Median",
    "summary_q3": "3rd quartile",
    "summary_max": "Highest",
    "summary_mean": "Mean",
    "col_statistic": "Statistic",
    "col_value": "Value",
    "col_score": "Score",
    "col_change": "Change",
    "col_pairs": "Pairs",
    "col_share": "% of pairs",
    "stats_title": "Full statistics",
    "stats_methods_hint": "Each statistic's name links to its definition on the Methods page.",
    "stat_mean_diff": "Mean change [95% CI]",
    "stat_sd_diff": "Standard deviation of change",
    "stat_se_diff": "Standard error of the mean change",
    "stat_t": "Paired t-test",
    "stat_p_holm": "p (Holm)",
    "stat_q_bh": "q (Benjamini-Hochberg)",
    "stat_dz": "d_z [95% CI]",
    "stat_d_av": "d_av",
    "stat_wilcoxon": "Wilcoxon signed-rank test",
    "stat_rank_biserial": "Rank-biserial correlation",
    "stat_shapiro": "Shapiro-Wilk on the changes",
    "stat_pct": "Improved / unchanged / declined",
    "stat_normalized_gain": "Normalised gain (Hake)",
    "stat_mde": "Minimum detectable effect (d_z, 80% power)",
    "t_format": "t({df}) = {t}; {p}",
    "wilcoxon_format": "V = {v}; {p}",
    "shapiro_format": "W = {w}; {p}",
    "pct_format": "{up} / {same} / {down}",
    "comparison_title": "Compared with the comparison group",
    "stat_verdict_q": "Verdict q (Benjamini-Hochberg)",
    "stat_sign_test": "Sign test (up vs down), p",
    "stat_stuart_maxwell": "Stuart-Maxwell test",
    "stat_bhapkar": "Bhapkar test",
    "stat_prop_diff": "Change in pass rate, percentage points [95% CI]",
    "stat_mcnemar": "Exact McNemar test, p",
    "stat_mcnemar_midp": "McNemar mid-p",
    "chi2_format": "χ²({df}) = {x}; {p}",
    "transition_title": "Moves between categories",
    "transition_caption": (
        "Rows: category before; columns: category after. Cells of 1 to 4 people are withheld,"
        " with as many other cells as it takes that they cannot be worked out from those shown."
    ),
    "transition_corner": "Before \\ after",
    "cell_suppressed": "withheld",
    "stat_n_comparison": "Comparison group size",
    "stat_did": "Difference in change, participants − comparison [95% CI]",
    "stat_did_p": "p (difference in change)",
    "stat_ancova": "ANCOVA effect [95% CI]",
    "stat_ancova_p": "p (ANCOVA)",
    "stat_slopes_p": "p (equal slopes)",
    "notes_title": "Why some values are empty",
    "note_too_few_pairs": "Too few score pairs for some statistics.",
    "note_no_variation": (
        "Every participant changed by the same amount, so the standard deviation of change is zero"
        " and the t-test and d_z are undefined."
    ),
    "note_shapiro_out_of_range": "The Shapiro-Wilk test is only computed for 3 to 5,000 pairs.",
    "note_no_scale_max": (
        "The instrument has no maximum score, so the normalised gain is not computed."
    ),
    "note_incomplete_pairs_dropped": (
        "Rows with an empty or non-numeric score were left out of the pairs."
    ),
    "note_dz_ci_failed": "The confidence interval of d_z could not be computed numerically.",
    "note_pre_at_scale_max": (
        "The mean pre score is already at the scale maximum, so the normalised gain is empty."
    ),
    "note_suppressed_small_group": (
        "A group of fewer than 5 people: numbers are withheld to protect privacy."
    ),
    "note_all_differences_zero": (
        "No participant's score or category changed, so the tests that use only changes (Wilcoxon, "
        "rank-biserial, sign test, McNemar, marginal homogeneity) are empty."
    ),
    "note_no_comparison_group": (
        "No comparison colleague has both a pre and a post score, so the difference in differences "
        "and the ANCOVA are empty."
    ),
    "note_too_few_comparison": (
        "Too few people with both scores in the participant or the comparison group for some "
        "comparison-group tests."
    ),
    "note_comparison_no_variation": (
        "Everyone changed by the same amount, or the pre score predicts the post score exactly, so "
        "some comparison-group tests are empty."
    ),
    "note_comparison_no_pre_variation": (
        "The pre scores do not vary within the groups, so the ANCOVA cannot adjust for them; the "
        "difference in differences is still reported."
    ),
    "note_suppressed_small_dropouts": (
        "Fewer than 5 participants dropped out: their pre scores are withheld."
    ),
    "note_suppressed_small_cells": (
        "Cells and category counts of 1 to 4 people are withheld to protect privacy, with as"
        " many other cells as it takes that none can be worked out from the figures shown; the"
        " tests use the whole table."
    ),
    "note_no_post_scores": (
        "No post score yet, for example because the follow-up is not due or not collected."
    ),
    "note_suppressed_small_comparison": (
        "Fewer than 5 comparison colleagues: the comparison is withheld to protect privacy."
    ),
    "note_comparison_not_for_kind": (
        "Comparison-group designs are computed for numeric instruments only; the comparison "
        "colleagues' scores of this instrument are not used."
    ),
    "note_regression_to_mean_risk": (
        "The mean pre score lies far below the reference mean (at least half a standard deviation),"
        " so part of the change may be regression to the mean."
    ),
    "note_unknown_category_count": (
        "The instrument's number of categories is unknown, so no score could be read as a category "
        "and every statistic is empty."
    ),
    "note_invalid_category_dropped": (
        "Some scores were not a category of this instrument and were left out."
    ),
    "note_no_pairs": "No complete pair with valid categories; every statistic is empty.",
    "note_categories_without_change_dropped": (
        "Categories used only by participants who stayed in them are left out of the Stuart-Maxwell"
        " and Bhapkar tests, whose degrees of freedom are lower accordingly."
    ),
    "note_categories_never_exchange": (
        "Nobody moved between some sets of categories, so the Stuart-Maxwell and Bhapkar tests are "
        "undefined."
    ),
    "note_bhapkar_singular": (
        "Every move is one step in the same direction, so the Bhapkar test is undefined."
    ),
    "note_levels_suppressed": (
        "Some subgroups have fewer than 5 people: their numbers are withheld and left out of the "
        "test of a difference between subgroups."
    ),
    "note_fewer_than_two_levels": (
        "Fewer than 2 subgroups are large enough to show, so there is nothing to compare."
    ),
    "note_no_residual_variation": (
        "Within every subgroup everyone changed by the same amount, so the test of a difference "
        "between subgroups is empty."
    ),
    "note_level_without_variation": (
        "In one subgroup everyone changed by the same amount, so Welch's test is empty; the ANOVA "
        "is still reported."
    ),
    "note_effects_dropped": (
        "Some programmes had no usable change or standard error and were left out of the pool."
    ),
    "note_no_programmes": "No programme could be pooled; every pooled number is empty.",
    "note_single_programme": (
        "Only one programme: the pooled result is that programme's own, and heterogeneity cannot be"
        " assessed."
    ),
    "note_too_few_programmes_for_prediction": (
        "Fewer than 3 programmes, so the prediction interval for a new programme is empty."
    ),
    "note_tau2_not_converged": (
        "The between-programme variance (tau2) did not converge, so the pooled results are empty."
    ),
    # Quarantine reasons: what was wrong with a row and what to do about it
    "reason_missing_value": "A required value is empty. Fill it in and drop the file in again.",
    "reason_nip_stored_as_number": (
        "The NIP was stored as a number, so its last digits are already lost. Format the NIP "
        "column as Text in the source system or spreadsheet, re-export, and drop the file in "
        "again."
    ),
    "reason_nip_not_18_digits": (
        "A NIP has 18 digits (spaces, dots and quotes are already removed). Copy the correct NIP "
        "from SIASN and drop the file in again."
    ),
    "reason_nip_invalid_birth_date": (
        "The first 8 digits of the NIP are not a real birth date (YYYYMMDD). Copy the correct NIP "
        "from SIASN and drop the file in again."
    ),
    "reason_nip_invalid_appointment": (
        "Digits 9-14 of the NIP are not a valid appointment year and month (month 01-12, or 21 "
        "for PPPK, not before the birth year). Copy the correct NIP from SIASN."
    ),
    "reason_nip_invalid_sex_digit": (
        "Digit 15 of the NIP must be 1 (male) or 2 (female). Copy the correct NIP from SIASN."
    ),
    "reason_malformed_row": (
        "This row could not be split into the header's columns (a different number of fields, "
        "usually a separator or quote inside a value). Correct the row"
    ),
    "reason_categories_invalid": (
        "An ordinal or binary instrument needs categories: labels in ascending order separated "
        "by ';' (binary: exactly two, the failing label first). Fill in categories."
    ),
    "reason_not_a_date": (
        "The date cannot be read (use YYYY-MM-DD, DD/MM/YYYY or an Excel date). Correct it."
    ),
    "reason_not_a_number": (
        "The value is not a number. Correct it (use a dot or comma as decimal mark)."
    ),
    "reason_out_of_range": "The number is outside the allowed range. Check for a typing error.",
    "reason_score_outside_scale": (
        "The score is outside the instrument's scale (see instruments). Check for a missing "
        "decimal point or a score entered on another scale."
    ),
    "reason_unknown_category": (
        "The label is not one of the instrument's categories. Correct the label."
    ),
    "reason_dates_out_of_order": "The end date is before the start date. Correct one of them.",
    "reason_scale_out_of_order": (
        "scale_max is not above scale_min. Correct the instrument's scale."
    ),
    "reason_unknown_kind": "kind must be numeric, ordinal or binary.",
    "reason_unknown_phase": "phase must be pre or post (sebelum/sesudah). Correct the label.",
    "reason_unknown_group": "group must be participant or comparison (or empty for participant).",
    "reason_unknown_program": (
        "No programs source gives this program_id. Add the programme or correct the id."
    ),
    "reason_unknown_instrument": (
        "instrument is not in the instruments table. Add the instrument or correct the name."
    ),
    "reason_duplicate_row": (
        "A copy of another row with the same key that agrees with it; one copy was kept."
    ),
    "reason_conflicting_duplicate": (
        "Several rows share this key with different values, so none can be trusted. Keep one "
        "correct row and drop the file in again."
    ),
    # Data quality
    "quality_title": "Data quality",
    "quality_intro": (
        "Every row read from a source (file or database) is either loaded or quarantined with a"
        " recorded reason; no row is dropped silently."
    ),
    "contract_title": "Data contract checks (Great Expectations)",
    "contract_intro": (
        "After the row rules, every loaded table is checked once more against its contract by"
        " Great Expectations, as an independent second implementation. A single failure"
        " cancels the load."
    ),
    "col_expectation": "Expectation",
    "col_checked": "Rows checked",
    "col_unexpected": "Unexpected",
    "col_result": "Result",
    "contract_passed": "passed",
    "contract_failed": "failed",
    "contract_sampled": "sample",
    "no_contract": "No contract checks were recorded in this run.",
    "sources_title": "Data sources",
    "col_source": "Source",
    "col_table": "Table",
    "col_rows_read": "Rows read",
    "col_rows_loaded": "Loaded",
    "col_rows_quarantined": "Quarantined",
    "col_share_quarantined": "% quarantined",
    "total": "Total",
    "no_sources": "No data sources were recorded in this run.",
    "rejections_title": "Rejected rows by reason",
    "rejections_where": (
        "The rejected rows with their full detail (including NIPs) are kept in the restricted"
        " data/ area, not in this report. `evaluasi rejected` exports them (XLSX or CSV, with the"
        " reason on each row); fix the rows and drop the file into the inbox folder, and the next"
        " run loads them."
    ),
    "col_column": "Column",
    "col_reason": "Reason",
    "col_rows": "Rows",
    "no_rejections": "No rows were rejected.",
    "notes_summary_title": "Empty values in the results, by reason",
    "notes_summary_intro": "Number of programme × instrument results that carry each note.",
    "col_note_code": "Code",
    "col_note": "Explanation",
    "col_results": "Results",
    "no_notes": "No empty values need explaining.",
    # Methods
    "methods_title": "Methods",
    "methods_intro": (
        "How every number in this report is computed. Column names (mean_diff, for instance) are"
        " those of the results.csv file. For each programme and instrument, d = after score −"
        " before score over the participants who have both (complete pairs). Empty values are"
        " shown as — and their reason is recorded."
    ),
    "methods_columns": "Columns",
    "method_counts_title": "Participant counts and attrition",
    "method_counts_body": (
        "n_participants: people enrolled in the programme. n_pre and n_post: those with a score"
        " before, or after, the training on that instrument. n_paired: those with both; every"
        " statistic below uses only these complete pairs.\n\nAttrition (without a pair) ="
        " (n_participants − n_paired) / n_participants. Attrition above 10% is flagged, because"
        " the people lost may differ from those who stayed."
    ),
    "method_attrition_title": "Drop-outs (attrition)",
    "method_attrition_body": (
        "Numeric instruments only. n_dropouts is the number of participants with a before score but"
        " no after score. attrition_rate = n_dropouts / the number of participants with at least"
        " one score on the instrument, as a fraction from 0 to 1 (not a percentage); participants"
        " without a before score count in the denominator only. This differs from the attrition in"
        " the participant counts section, which counts every enrolled participant without a"
        " complete pair.\n\npre_mean_dropouts is the mean before score of those who dropped out."
        " dropout_pre_smd = (pre_mean − pre_mean_dropouts) / s_pooled, with s_pooled² = ((n_c − 1)"
        " s_c² + (n_o − 1) s_o²) / (n_c + n_o − 2), c = the completers (the complete pairs, whose"
        " mean is pre_mean) and o = those who dropped out; the variance of a group of one counts as"
        " 0. This is Cohen's d between the two groups at baseline (Cohen, 1988), the usual first"
        " check for attrition bias (Goodman & Blum, 1996). Positive means the completers started"
        " higher, so a change measured on them alone may not hold for the whole intake. Empty when"
        " nobody dropped out, when n_c + n_o is below 3, or when s_pooled = 0. In R: (mean(pc) -"
        " mean(po)) / sqrt(((nc - 1) * var(pc) + (no - 1) * var(po)) / (nc + no - 2))."
    ),
    "method_descriptives_title": "Means and standard deviations",
    "method_descriptives_body": (
        "Mean and standard deviation (denominator n − 1) of the scores before (pre_) and after"
        " (post_) the training, over the complete pairs."
    ),
    "method_mean_change_title": "Mean change and its confidence interval",
    "method_mean_change_body": (
        "mean_diff is the mean of d, sd_diff its standard deviation (denominator n − 1), and"
        " se_diff = sd_diff / √n. ci_low and ci_high are the 95% t interval: mean_diff ±"
        " t(0.975; n − 1) × se_diff."
    ),
    "method_t_test_title": "Paired t-test",
    "method_t_test_body": (
        "t_stat = mean_diff / se_diff with df = n − 1 degrees of freedom; p_value is the two-sided"
        " p. The same as R's t.test(post, pre, paired = TRUE). It assumes roughly normal changes,"
        " or a large enough n."
    ),
    "method_cohen_dz_title": "Effect size d_z",
    "method_cohen_dz_body": (
        "d_z = mean(d) / sd(d) = t / √n: the mean change in units of the standard deviation of"
        " change (Cohen's d for paired data). Its 95% confidence interval (dz_ci_low, dz_ci_high)"
        " comes from inverting the noncentral t distribution: find the noncentrality parameters λ"
        " for which the observed t is the 97.5th and the 2.5th percentile of the noncentral t"
        " with n − 1 degrees of freedom, and divide both by √n. Each limit is checked against the"
        " equation that defines it; when the changes are almost the same for every participant"
        " (t in the thousands, |λ| above 4,000, beyond where that distribution is computed"
        " exactly) the interval is left empty with the note dz_ci_not_computable, never filled"
        " with a limit that did not converge.\n\nCohen's rough benchmarks (0.2"
        " small, 0.5 medium, 0.8 large) were made for two-group comparisons; d_z is usually larger"
        " than a between-group d for the same change, because the standard deviation of change"
        " shrinks when before and after scores are correlated."
    ),
    "method_d_av_title": "Effect size d_av",
    "method_d_av_body": (
        "d_av = mean(d) / √((var(pre) + var(post)) / 2): the mean change in units of the standard"
        " deviation of the scores themselves (Lakens, 2013). It does not depend on the before–after"
        " correlation, so it compares more easily with two-group studies."
    ),
    "method_more_effect_sizes_title": (
        "More effect sizes: g_z, d_rm, correlation, probability of superiority"
    ),
    "method_more_effect_sizes_body": (
        "hedges_gz = J × d_z, with Hedges' exact small-sample correction J = Γ(m/2) / (√(m/2) ×"
        " Γ((m − 1)/2)), m = n − 1 (Hedges, 1981): an unbiased version of d_z, slightly smaller"
        " than d_z when n is small. gz_ci_low and gz_ci_high are dz_ci_low and dz_ci_high times the"
        " same J. Empty when n is below 3. In R: dz * gamma((n - 1)/2) / (sqrt((n - 1)/2) *"
        " gamma((n - 2)/2)).\n\npre_post_r is the Pearson correlation between before and after"
        " scores over the complete pairs, as R's cor(pre, post); empty when either does not vary."
        " d_rm = d_z × √(2 × (1 − pre_post_r)) (Lakens, 2013, equation 9): d_z without the"
        " inflation that a high before–after correlation brings, so it lies close to"
        " d_av.\n\nprob_superiority = the share of pairs with d > 0 plus half the share with d = 0,"
        " as a fraction from 0 to 1 (Grissom & Kim, 2012): the chance that a participant improved,"
        " unchanged scores counting half; 0.5 means no tendency up or down. In R: mean(d > 0) +"
        " mean(d == 0) / 2."
    ),
    "method_wilcoxon_title": "Wilcoxon signed-rank test",
    "method_wilcoxon_body": (
        "Computed like R's wilcox.test(post, pre, paired = TRUE): changes equal to zero are"
        " dropped, the absolute changes are ranked (ties get their average rank), and V = the sum"
        " of the ranks of the positive changes. The two-sided p is exact when there are fewer than"
        " 50 non-zero changes and no ties or zeros; otherwise it comes from the normal"
        " approximation, with a tie correction of the variance and a continuity correction. The"
        " test does not assume normally distributed changes."
    ),
    "method_hodges_lehmann_title": "Hodges-Lehmann estimate",
    "method_hodges_lehmann_body": (
        "hl_estimate is the pseudo-median of the changes: the median of all Walsh averages (d_i +"
        " d_j) / 2, i ≤ j, over the n non-zero changes (Hodges & Lehmann, 1963). Unlike mean_diff,"
        " it is hardly moved by a few extreme changes. hl_ci_low and hl_ci_high are its interval"
        " and hl_conf_level the confidence level actually used; all as R's wilcox.test(post, pre,"
        " paired = TRUE, conf.int = TRUE) (Bauer, 1972).\n\nExact branch (fewer than 50 non-zero"
        " changes, no ties in |d| and no zero changes): with the N = n(n + 1)/2 Walsh averages"
        " sorted, w(1) ≤ … ≤ w(N), and qu = qsignrank(0.025, n), at least 1, the interval is"
        " (w(qu), w(N + 1 − qu)). When n is too small to reach 95%, that is when the achieved α, 2"
        " × psignrank(qu − 1, n), exceeds 1.5 × 0.05, hl_conf_level is lowered as in R to 1 −"
        " signif(achieved α, 2).\n\nOtherwise R inverts the normal approximation of the Wilcoxon"
        " statistic with tie and continuity corrections; the limits are the Walsh averages where z"
        " crosses ±z(1 − α/2) (R finds them with uniroot, to a tolerance of 1e-4). When 95% cannot"
        " be reached, α is doubled until it can and hl_conf_level = 1 − α; when α reaches 1, both"
        " limits equal median(d) and hl_conf_level = 0. On this branch R may return an estimate"
        " anywhere between the two middle Walsh averages when N is even; here it is always their"
        " median. When every non-zero change is the same, the estimate is that value without an"
        " interval; with no non-zero change, everything is empty."
    ),
    "method_rank_biserial_title": "Matched-pairs rank-biserial correlation",
    "method_rank_biserial_body": (
        "r = (sum of the ranks of positive changes − sum of the ranks of negative changes) / sum"
        " of all ranks, zeros dropped (Kerby, 2014). From −1 (all declined) to +1 (all improved);"
        " the effect size that goes with the Wilcoxon test."
    ),
    "method_shapiro_title": "Shapiro-Wilk normality test",
    "method_shapiro_body": (
        "The Shapiro-Wilk test of the changes d, only when 3 ≤ n ≤ 5,000 (like R's shapiro.test)."
        " A small p suggests the changes are not normally distributed; with a small n, rely on the"
        " Wilcoxon test instead. With a large n, even small harmless departures give a small p."
    ),
    "method_pct_title": "Share improved, unchanged, declined",
    "method_pct_body": (
        "Percentage of pairs with d > 0 (pct_improved), d = 0 (pct_unchanged) and d < 0"
        " (pct_declined), out of n_paired."
    ),
    "method_normalized_gain_title": "Normalised gain (Hake)",
    "method_normalized_gain_body": (
        "g = (post_mean − pre_mean) / (scale_max − pre_mean): the share of the still possible"
        " improvement that was achieved (Hake, 1998). Only for instruments with a maximum score."
    ),
    "method_normalized_change_title": "Individual gain and normalised change (Marx-Cummings)",
    "method_normalized_change_body": (
        "mean_individual_gain is the mean of each participant's gain, (post − pre) / (scale_max −"
        " pre), over the pairs whose before score is below scale_max (Hake, 1998, footnote 16; Bao,"
        " 2006). This differs from normalized_gain, which is computed from the class means; the two"
        " can disagree when participants start from different scores. In R: mean(((post - pre) /"
        " (max - pre))[max > pre]).\n\nnormalized_change is the mean of Marx & Cummings' (2007) c"
        " over the pairs: c = (post − pre) / (scale_max − pre) when the score rose, (post − pre) /"
        " (pre − scale_min) when it fell, and 0 when it stayed; pairs that stayed at the maximum or"
        " the minimum score are left out. c runs from −1 to 1 and, unlike Hake's gain, treats rises"
        " and falls alike. Marx & Cummings use percentages (minimum 0); measuring the room to fall"
        " from scale_min carries c over to scales such as 1–5. Both need an instrument with a"
        " maximum score, normalized_change a minimum as well."
    ),
    "method_mde_title": "Minimum detectable effect",
    "method_mde_body": (
        "mde_dz: the smallest d_z that a paired t-test with n_paired pairs detects with 80% power"
        ' at α = 0.05 two-sided, as R\'s power.t.test(n = n_paired, power = 0.8, type = "paired"),'
        " which uses the noncentral t distribution. A true effect smaller than this is easily"
        ' missed, so "not shown" in a small group often means too little data.'
    ),
    "method_ordinal_title": "Ordinal instruments (ordered categories)",
    "method_ordinal_body": (
        "Scores of an ordinal instrument (an SKP predikat, for instance) are read as category"
        " positions from 1 (lowest) to K = n_categories (0 when the number of categories is"
        " unknown). Pairs whose scores are not valid categories are left out; n_paired counts the"
        " pairs used. The distances between categories are unknown, so means, the t-test, d_z and"
        " the other numeric statistics are not computed, and these rows take no part in p_holm and"
        " q_bh. transition is the K × K table of participant counts (rows = before category,"
        " columns = after category) as JSON, for instance [[3,1],[0,2]]; in R table(factor(pre,"
        " 1:K), factor(post, 1:K)).\n\npct_improved, pct_unchanged and pct_declined are here the"
        " percentages of participants who moved up, stayed and moved down a category, and"
        " wilcoxon_v and wilcoxon_p the Wilcoxon test of the differences in category position (with"
        " many ties, almost always by the normal approximation). sign_test_p is the exact two-sided"
        " sign test of the numbers who moved up and down, those who stayed left out: R's"
        " binom.test(up, up + down). The verdict uses this sign test.\n\nThe marginal-homogeneity"
        " tests ask whether the distribution over the categories changed. With n_ij participants"
        " from category i to j, marginal differences d_i = n_i+ − n_+i, V_ii = n_i+ + n_+i − 2n_ii"
        " and V_ij = −(n_ij + n_ji), leaving one category out: stuart_maxwell_stat X² = d′ V⁻¹ d"
        " (Stuart, 1955; Maxwell, 1970), with stuart_maxwell_df = K′ − 1 degrees of freedom and"
        " chi-square p-value stuart_maxwell_p; bhapkar_stat = X² / (1 − X²/n) with n all pairs, the"
        " same degrees of freedom, and p-value bhapkar_p (Bhapkar, 1966). K′ counts only the"
        " categories that someone entered or left. The same as R's"
        " contingencytables::Stuart_test_paired_cxc and Bhapkar_test_paired_cxc."
    ),
    "method_binary_title": "Binary instruments (pass or fail)",
    "method_binary_body": (
        "Score 1 = fail (the first category) and 2 = pass. n_ff, n_fp, n_pf and n_pp are the 2 × 2"
        " table; the first letter = before, f = fail, p = pass (n_fp: failed before, passed after);"
        " in R table(factor(pre, 1:2), factor(post, 1:2)). pct_improved = n_fp / n, pct_unchanged ="
        " (n_ff + n_pp) / n and pct_declined = n_pf / n, in percent. As for ordinal instruments,"
        " these rows have no numeric statistics.\n\nThe McNemar tests use only the pairs that"
        " changed, b = n_fp and c = n_pf. mcnemar_p: the exact conditional test, min(1, 2 × P(X ≤"
        " min(b, c))) with X ~ Bin(b + c, 0.5), as R's binom.test(b, b + c) (the same as"
        " exact2x2::mcnemar.exact). mcnemar_midp: the mid-p, 2 × P(X ≤ min(b, c)) − P(X = min(b,"
        " c)) (Fagerland, Lydersen & Laake, 2013). mcnemar_chi2 = (|b − c| − 1)² / (b + c) on 1"
        " degree of freedom with p-value mcnemar_chi2_p, as R's mcnemar.test (no continuity"
        " correction when b = c). All are empty when b + c = 0.\n\nprop_diff = pass rate after −"
        " before = (n_fp − n_pf) / n, with the 95% CI prop_diff_ci_low, prop_diff_ci_high by"
        " Newcombe's square-and-add method (1998, method 10). With p₁ and p₂ the pass rates before"
        " and after, (l, u) their Wilson intervals (R's prop.test(x, n, correct = FALSE)), δ = p₂ −"
        " p₁, A = n_pp × n_ff − n_fp × n_pf, P the product of the four marginal totals, and φ = (A"
        " − n/2) / √P when A > n/2, 0 when 0 ≤ A ≤ n/2, A / √P when A is negative (φ = 0 when P ="
        " 0): lower limit = δ − √((p₂ − l₂)² + (u₁ − p₁)² − 2φ (p₂ − l₂)(u₁ − p₁)), upper limit = δ"
        " + √((u₂ − p₂)² + (p₁ − l₁)² − 2φ (u₂ − p₂)(p₁ − l₁)). The same as R's"
        " contingencytables::Newcombe_square_and_add_CI_paired_2x2 with the sign reversed. The"
        " verdict uses prop_diff, its interval and mcnemar_p."
    ),
    "method_adjustment_title": "Adjustment for many comparisons",
    "method_adjustment_body": (
        "Every result row of the run is one test, so some p-values will be small by chance. p_holm"
        " is Holm's step-down adjustment (it controls the chance of even one false finding); q_bh"
        " is the Benjamini-Hochberg adjustment (it controls the expected share of false findings"
        " among the findings). Both adjust the p_value of every published row of this run (at least"
        ' 5 pairs), as R\'s p.adjust(method = "holm") and p.adjust(method = "BH"). Rows of ordinal'
        " and binary instruments have no p_value. The verdict uses its own adjustment, verdict_q"
        " (see Verdict)."
    ),
    "method_comparison_title": "Comparison group",
    "method_comparison_body": (
        "When untrained colleagues were measured at the same times (n_comparison > 0): did_estimate"
        " is the difference in mean change (participants − comparison), with a 95% Welch t interval"
        " (did_ci_low, did_ci_high) and p (did_p), as R's t.test(d_participants, d_comparison)."
        ' ancova_effect is the coefficient of "trained" in the OLS regression post ~ pre + trained,'
        " with its 95% CI and p, as R's lm(post ~ pre + trained); slopes_p tests the pre × trained"
        " interaction (whether the before–after relation differs between the groups; when it is"
        " small the ANCOVA effect is hard to interpret). This panel appears only when there is a"
        " comparison group.\n\nadj_mean_participant and adj_mean_comparison are the adjusted after"
        " means of that ANCOVA: the model's prediction for each group at the mean before score of"
        " everyone, ȳ_group − b × (x̄_group − x̄_all), with b the common slope, as R's emmeans(m, ~"
        " trained). Their difference equals ancova_effect.\n\nWhen only 1 to 4 comparison"
        " colleagues have both scores, every comparison number except n_comparison is withheld to"
        " protect privacy (note suppressed_small_comparison)."
    ),
    "method_regression_to_mean_title": "Regression to the mean",
    "method_regression_to_mean_body": (
        "A group whose first scores are below average tends to rise at the next measurement even"
        " without training, because part of those low scores was chance. rtm_expected_change = (1 −"
        " ρ) × (μ − pre_mean) is the change expected from that effect alone (Barnett, van der Pols"
        " & Dobson, 2005), with μ the mean before score of the reference group"
        " (rtm_reference_mean), rtm_reference_sd its standard deviation and ρ the reference group's"
        " before–after correlation (rtm_rho). Positive when the programme starts below the"
        " reference, negative above it. In R: (1 - rho) * (mu - pre_mean). Numeric instruments"
        " only.\n\nThe reference (rtm_reference) is comparison, the programme's comparison"
        " colleagues with both scores, when there are at least 5 of them; otherwise population,"
        " every participant of the instrument in this run (μ and the standard deviation over all"
        " before scores, ρ over all complete pairs). ρ should be the correlation without training;"
        " in the population reference, training effects that vary between people make ρ smaller, so"
        " the expected change is if anything overstated, not understated. The note"
        " regression_to_mean_risk marks a pre_mean at least 0.5 reference standard deviations below"
        " μ. A verdict on the paired basis subtracts a positive rtm_expected_change from the"
        " estimate and both limits (see Verdict)."
    ),
    "method_verdict_title": "Verdict",
    "method_verdict_body": (
        "One label for leaders, from the same rule for every row. The label rests on one estimate,"
        " the strongest the data's design supports (verdict_basis), with its value"
        " (verdict_estimate), 95% CI (verdict_ci_low, verdict_ci_high) and p-value"
        " (verdict_p).\n\nBasis did: numeric instruments with at least 5 comparison colleagues who"
        " have both scores and a Welch test that can be computed; the basis is did_estimate,"
        " did_ci_low, did_ci_high and did_p. A comparison group comes first because a before–after"
        " change alone cannot separate the training from everything else that happened meanwhile;"
        " the change-score design comes before ANCOVA because the colleagues are not randomised"
        " (Lord's paradox; Van Breukelen, 2006). Basis paired: other numeric instruments; the basis"
        " is mean_diff, ci_low, ci_high and p_value, with the estimate and both limits reduced by"
        " rtm_expected_change when that is positive (the p-value is not changed), so that a change"
        " that regression to the mean alone could produce is not called an impact. Basis sign:"
        " ordinal instruments; the estimate is the net share improving, (pct_improved −"
        " pct_declined) / 100, with the exact sign test sign_test_p and no interval. Basis mcnemar:"
        " binary instruments; the basis is prop_diff with its Newcombe interval (prop_diff_ci_low,"
        " prop_diff_ci_high) and the exact McNemar test mcnemar_p.\n\nverdict_q is verdict_p"
        " adjusted by Benjamini-Hochberg over every row of this run that has a verdict_p, as R's"
        ' p.adjust(verdict_p, method = "BH"); q_bh, which adjusts p_value only, is still reported,'
        " but the label uses verdict_q. The rule is checked in this order. Insufficient data: fewer"
        " than 5 pairs, or no p-value (for instance when every change is the same, or nobody"
        " changed category). Positive impact: verdict_q < 0.05, verdict_estimate > 0 and, where the"
        " basis has an interval, verdict_ci_low > 0. Declined: verdict_q < 0.05, verdict_estimate <"
        " 0 and, where there is an interval, verdict_ci_high < 0. Not shown: everything else; no"
        " change was demonstrated, which is not evidence that the training had no effect.\n\nThe"
        " label colours follow the colour-blind-safe Okabe-Ito palette, and each label also has its"
        " own symbol."
    ),
    "method_pooling_title": "Pooling across programmes (meta-analysis)",
    "method_pooling_body": (
        "The file pooled.csv pools the mean change (mean_diff, with sampling variance se_diff²) of"
        " the published programmes with the same numeric instrument: per instrument (scope ="
        " instrument) and per instrument × programme type (scope = program_type, the type in column"
        " program_type). The model is random effects, as R's metafor::rma(yi = mean_diff, vi ="
        ' se_diff^2, method = "REML") with a tight convergence threshold.\n\nk: the number of'
        " programmes pooled. tau2: the variance of the true change between programmes, estimated by"
        " REML (Viechtbauer, 2005): the highest point of the restricted likelihood over tau2 ≥"
        " 0. As that likelihood can have more than one peak, and a local search (metafor's too)"
        " can stop at a lower one or at 0, every pool is also scanned (10 points per decade of"
        " tau2) and the highest peak is used; it is the value metafor finds when started near it"
        " (control = list(tau2.init = ...)). 0 when k = 1. pooled_estimate = Σ W × mean_diff /"
        " Σ W with weights W = 1 / (se_diff² + tau2), pooled_se = 1 / √(Σ W), pooled_ci_low and"
        " pooled_ci_high = pooled_estimate ± 1.96 × pooled_se, and pooled_p from the z test. q,"
        " q_df = k − 1 and q_p: Cochran's Q test of heterogeneity with weights w = 1 / se_diff². i2"
        " = 100 × tau2 / (tau2 + s²), in percent, with s² = (k − 1) Σ w / ((Σ w)² − Σ w²) the"
        " typical within-programme variance (Higgins & Thompson, 2002). pi_low and pi_high: the 95%"
        " prediction interval for the true change of a new programme, pooled_estimate ± t(0.975; k"
        " − 2) × √(tau2 + pooled_se²), only when k ≥ 3 (Higgins, Thompson & Spiegelhalter, 2009);"
        " metafor uses z here by default, while t with k − 2 degrees of freedom reflects that tau2"
        " is estimated from few programmes. pooled_notes explains the empty values.\n\nThe pooled"
        " result describes the average programme; the prediction interval shows how much single"
        " programmes vary."
    ),
    "method_shrinkage_title": "Shrunken change and programme ranking",
    "method_shrinkage_body": (
        "To rank programmes fairly, each programme's mean change is pulled towards its instrument's"
        " pooled result (pooled.csv, scope = instrument) in proportion to its uncertainty, so that"
        " a small programme with a lucky estimate cannot top a ranking on luck alone. With μ ="
        " pooled_estimate and λ = tau2 / (tau2 + se_diff²): mean_diff_shrunk = μ + λ × (mean_diff −"
        " μ), the best linear unbiased prediction (empirical-Bayes BLUP; Raudenbush & Bryk, 2002)."
        " Its standard error is √(λ × se_diff² + (1 − λ)² × pooled_se²), and"
        " mean_diff_shrunk_ci_low, mean_diff_shrunk_ci_high = mean_diff_shrunk ± 1.96 × that"
        " standard error. The same as pred, pi.lb and pi.ub of R's metafor::blup(rma(mean_diff,"
        ' se_diff^2, method = "REML")).\n\nshrunk_rank is the rank of mean_diff_shrunk among the'
        " programmes with the same instrument: 1 = the largest shrunken change; equal values share"
        ' the smallest rank, as R\'s rank(-x, ties.method = "min"). When tau2 = 0 every programme'
        " gets the pooled value and rank 1. Numeric instruments with published results only."
    ),
    "method_subgroups_title": "Participant subgroups",
    "method_subgroups_body": (
        "The file subgroups.csv holds the change per participant subgroup for every programme and"
        " instrument, in four dimensions (dimension): unit (the OPD), rank_band (civil-service"
        " golongan I to IV, read from the rank, so III/a is III), sex (male or female, from the"
        " 15th digit of the NIP) and age_band (under 30, 30-39, 40-49, 50+; age in whole years on"
        " the programme's start date, from the birth date in the first 8 digits of the NIP)."
        " Unknown subgroups are left out. Per subgroup (level): n_paired, mean_diff, sd_diff,"
        " pre_mean, post_mean, and the 95% CI (ci_low, ci_high) and p_value of the paired t-test,"
        " as R's t.test(post, pre, paired = TRUE).\n\nThe file subgroup_tests.csv tests, per"
        " dimension, whether the change differs between subgroups, over the subgroups shown"
        " (n_levels) and their pairs (n_paired). interaction_f, interaction_df1, interaction_df2"
        " and interaction_p: the one-way ANOVA of the change d on the subgroup, R's anova(lm(d ~"
        " level)); this F is exactly the F of the time × subgroup interaction in the mixed ANOVA of"
        " the scores (Huck & McLean, 1975). welch_f, welch_df1, welch_df2 and welch_p: Welch's"
        " (1951) test, R's oneway.test(d ~ level), which does not assume equal variances."
        " subgroup_notes explains the empty values. Many dimensions are tested without adjustment,"
        " so a small p is a lead to follow, not a finding; that one subgroup's change is"
        " significant and another's is not is no evidence that they differ (Gelman & Stern,"
        " 2006).\n\nPrivacy: subgroups with fewer than 5 pairs are hidden (suppressed is True;"
        " n_paired and every number are empty) and left out of the tests. Because the whole"
        " programme's numbers are published, a single hidden subgroup could be recovered by"
        " subtraction; so in a dimension with exactly one hidden subgroup, the smallest of the"
        " subgroups shown is hidden as well (complementary suppression)."
    ),
    "method_attribution_title": "What cannot be concluded",
    "method_attribution_body": (
        "Without a comparison group, a before–after change may also come from other events, from"
        " getting used to the test, or from regression to the mean, so it cannot be attributed to"
        " the training alone. Conclusions hold for the participants with a complete pair of"
        " scores."
    ),
    "method_small_groups_title": "Small groups",
    "method_small_groups_body": (
        "Groups with fewer than 5 pairs get no statistics and no charts and the verdict"
        ' "Insufficient data". Numbers that could reveal a group of fewer than 5 people are'
        " withheld before the report is made (note suppressed_small_group)."
    ),
    "method_privacy_title": "Personal data",
    "method_privacy_body": (
        "This report never contains NIPs, names or other personal data. Distribution charts of"
        " programmes with at least 5 pairs show individual scores without any identifier: paired"
        " lines up to 40 pairs, and above that 150 scores drawn at random, without their pairs."
        " Scores are drawn in the order of their values, not in the order of the data rows, so"
        " the order of a participant list cannot be matched. Rejected input rows, with their"
        " NIPs, stay in the restricted data area.\n\nText from the data (programme names, OPDs,"
        " labels) that starts with =, +, -, @, a tab or a CR gets a leading ' in the published"
        " CSV files and is stored as text in results.xlsx, so that no spreadsheet runs it as a"
        " formula."
    ),
    "method_charts_title": "Charts",
    "method_charts_body": (
        "Impact charts on the summary: per instrument, each programme's estimated impact (the"
        " basis of its verdict) with its 95% CI, the observed change, and the shrunken change"
        " (empirical Bayes) with its 95% CI; the blue band is the random-effects pooled mean with"
        " its 95% CI. Long lists are cut into charts of at most 20 programmes, so that each fits"
        " an A4 page.\n\nScore distributions: paired lines per participant up to 40 pairs; above"
        " that a raincloud, that is a Gaussian kernel density (bandwidth as R's bw.nrd0, computed"
        " over 256 bins), a box plot (quartiles of type 7 as R's quantile(), thin lines to the"
        " lowest and highest score, the mean dashed) and 150 random scores with a fixed seed per"
        " chart. Scores with few whole values (a 1-5 scale) and ordinal or pass/fail instruments:"
        " bars of the share at each value or category. Moves between categories: a heatmap of"
        " people per category before and after. Distribution of change: a histogram of d with a"
        " bin edge at zero. Every chart comes with a table of the same numbers."
    ),
    "method_summary_title": "Summary: costs, data coverage and trend",
    "method_summary_body": (
        "Cost per participant is the sum of the costs of the programmes whose cost is recorded,"
        " divided by the participants enrolled in those programmes; cost per participant per JP"
        " divides it further by lesson hours, that is the sum of costs over the sum of"
        " (participants × JP). Programmes without a cost are left out. The data coverage line adds"
        " up the rows read and quarantined over every source of this run.\n\nThe trend sets this"
        " run beside the latest completed run of each earlier quarter in the warehouse, at most 8"
        " periods. Runs that chose only some programmes, or that started after this run, are left"
        " out. Positive impact is the share of programme × instrument results with a positive"
        " verdict among all results of that run; the median d_z is taken over published results."
    ),
    # Notification emails (evaluasi/notify.py)
    "notify_published_subject": "[evaluasi] Report for {period_label} published (run {run_id})",
    "notify_published_body": (
        "The training impact evaluation report for {period_label} has been published.\n"
        "\n"
        "Run: {run_id}\n"
        "Period: {period_label}\n"
        "Programmes evaluated: {n_programs}\n"
        "Results by instrument: {n_results}\n"
        "Report: {report}\n"
    ),
    "notify_failed_subject": "[evaluasi] Run {run_id} for {period_label} failed",
    "notify_failed_body": (
        "The training impact evaluation run for {period_label} failed.\n"
        "\n"
        "Run: {run_id}\n"
        "Period: {period_label}\n"
        "Error: {error}\n"
        "\n"
        "The run's log has the details.\n"
    ),
    "method_numbers_title": "How numbers are written",
    "method_numbers_body": (
        "Thousands separated by commas and decimals by a point (1,234.5); p-values below 0.001"
        " are written < 0.001; — marks an empty value, with its reason in the programme page's"
        " notes."
    ),
    "run_title": "This run",
    "run_id_label": "Run ID",
    "run_started": "Started",
    "run_period": "Period",
    "run_language": "Report language",
    "language_name": "English",
    "parameters_title": "Run parameters",
    "col_parameter": "Parameter",
    "no_parameters": "This run used no parameters.",
    "versions_title": "Software versions",
    "col_library": "Library",
    "col_version": "Version",
    "fingerprints_title": "Input file fingerprints",
    "fingerprints_intro": (
        "The SHA-256 hash of every source file: the exact same file gives the same hash, so the"
        " report can be matched with the data it used."
    ),
    "col_file": "File",
    "col_sha256": "SHA-256",
    "no_fingerprints": "No file fingerprints were recorded.",
    # Excel export (results.xlsx): sheet names, the notes sheet, a label per column
    "xlsx_sheet_numeric": "Numeric",
    "xlsx_sheet_ordinal": "Ordinal",
    "xlsx_sheet_binary": "Binary",
    "xlsx_sheet_pooled": "Pooled",
    "xlsx_sheet_subgroups": "Subgroups",
    "xlsx_sheet_notes": "Notes",
    "xlsx_notes_source": (
        "These sheets hold the same numbers as results.csv, pooled.csv and subgroups.csv in the"
        " same folder, under the same column names; one sheet per kind of instrument."
    ),
    "xlsx_notes_empty": (
        "An empty cell: the statistic does not apply to its row or could not be computed, or it"
        " is withheld because the group has fewer than {min_group} people; the notes column says"
        " why."
    ),
    "xlsx_notes_methods": (
        "How every number is defined and computed is on the methods page (methods.html)."
    ),
    "xlsx_notes_column": "Column",
    "xlsx_notes_label": "Description",
    "xlsx_notes_sheets": "Sheets",
    "xlsx_notes_code": "Note code",
    "xlsx_notes_meaning": "Meaning",
    "column_program_id": "Programme ID",
    "column_instrument": "Instrument ID",
    "column_program_name": "Programme name",
    "column_program_type": "Programme type",
    "column_start_date": "Start date",
    "column_end_date": "End date",
    "column_jp": "Learning hours (JP)",
    "column_cost_idr": "Cost (rupiah)",
    "column_instrument_label": "Instrument name",
    "column_instrument_categories": "Categories of the instrument, lowest first (separated by ;)",
    "column_scale_min": "Lowest score of the scale",
    "column_scale_max": "Highest score of the scale",
    "column_n_participants": "Participants enrolled",
    "column_n_pre": "Participants with a before score",
    "column_n_post": "Participants with an after score",
    "column_n_paired": "Complete pairs (before and after)",
    "column_pre_mean": "Mean before score",
    "column_pre_sd": "Standard deviation of before scores",
    "column_post_mean": "Mean after score",
    "column_post_sd": "Standard deviation of after scores",
    "column_mean_diff": "Mean change (after − before)",
    "column_sd_diff": "Standard deviation of change",
    "column_se_diff": "Standard error of the mean change",
    "column_ci_low": "Mean change, 95% CI lower limit",
    "column_ci_high": "Mean change, 95% CI upper limit",
    "column_t_stat": "Paired t statistic",
    "column_df": "Degrees of freedom of the t-test",
    "column_p_value": "p-value of the paired t-test",
    "column_cohen_dz": "Effect size d_z",
    "column_dz_ci_low": "d_z, 95% CI lower limit",
    "column_dz_ci_high": "d_z, 95% CI upper limit",
    "column_d_av": "Effect size d_av",
    "column_wilcoxon_v": "Wilcoxon test V statistic",
    "column_wilcoxon_p": "Wilcoxon test p-value",
    "column_rank_biserial": "Rank-biserial correlation",
    "column_shapiro_w": "Shapiro-Wilk W of the changes",
    "column_shapiro_p": "Shapiro-Wilk p-value",
    "column_pct_improved": "% of pairs that improved",
    "column_pct_unchanged": "% of pairs unchanged",
    "column_pct_declined": "% of pairs that declined",
    "column_normalized_gain": "Normalised gain (Hake)",
    "column_mde_dz": "Minimum detectable effect (d_z, 80% power)",
    "column_p_holm": "p-value, Holm-adjusted",
    "column_q_bh": "q-value (Benjamini-Hochberg)",
    "column_n_comparison": "Comparison colleagues with before and after scores",
    "column_did_estimate": "Difference in change, participants − comparison (DiD)",
    "column_did_ci_low": "DiD, 95% CI lower limit",
    "column_did_ci_high": "DiD, 95% CI upper limit",
    "column_did_p": "DiD p-value (Welch test)",
    "column_ancova_effect": "ANCOVA effect",
    "column_ancova_ci_low": "ANCOVA effect, 95% CI lower limit",
    "column_ancova_ci_high": "ANCOVA effect, 95% CI upper limit",
    "column_ancova_p": "ANCOVA p-value",
    "column_slopes_p": "p-value of equal slopes",
    "column_verdict": "Verdict code",
    "column_verdict_label": "Verdict",
    "column_verdict_basis": "Basis of the verdict (did, paired, sign, mcnemar)",
    "column_verdict_estimate": "Estimate the verdict rests on",
    "column_verdict_ci_low": "Verdict estimate, 95% CI lower limit",
    "column_verdict_ci_high": "Verdict estimate, 95% CI upper limit",
    "column_verdict_p": "p-value the verdict rests on",
    "column_verdict_q": "q-value of the verdict (Benjamini-Hochberg)",
    "column_hedges_gz": "Effect size g_z (Hedges)",
    "column_gz_ci_low": "g_z, 95% CI lower limit",
    "column_gz_ci_high": "g_z, 95% CI upper limit",
    "column_d_rm": "Effect size d_rm",
    "column_pre_post_r": "Before–after correlation",
    "column_hl_estimate": "Hodges-Lehmann estimate of change",
    "column_hl_ci_low": "Hodges-Lehmann, lower limit",
    "column_hl_ci_high": "Hodges-Lehmann, upper limit",
    "column_hl_conf_level": "Confidence level of the Hodges-Lehmann interval",
    "column_prob_superiority": "Probability of superiority (0 to 1)",
    "column_mean_individual_gain": "Mean individual gain",
    "column_normalized_change": "Normalised change (Marx-Cummings)",
    "column_n_dropouts": "Drop-outs (a before score but no after score)",
    "column_attrition_rate": "Attrition rate",
    "column_pre_mean_dropouts": "Mean before score of the drop-outs",
    "column_dropout_pre_smd": "Standardised before-score difference, completers − drop-outs",
    "column_adj_mean_participant": "ANCOVA-adjusted after mean, participants",
    "column_adj_mean_comparison": "ANCOVA-adjusted after mean, comparison group",
    "column_rtm_reference": "Reference group for regression to the mean",
    "column_rtm_reference_mean": "Mean before score of the reference group",
    "column_rtm_reference_sd": "Standard deviation of the reference group's before scores",
    "column_rtm_rho": "Before–after correlation of the reference group",
    "column_rtm_expected_change": "Change expected from regression to the mean",
    "column_n_categories": "Number of categories",
    "column_transition": "Transition table, before × after category (JSON)",
    "column_sign_test_p": "Sign test p-value",
    "column_stuart_maxwell_stat": "Stuart-Maxwell statistic",
    "column_stuart_maxwell_df": "Stuart-Maxwell degrees of freedom",
    "column_stuart_maxwell_p": "Stuart-Maxwell p-value",
    "column_bhapkar_stat": "Bhapkar statistic",
    "column_bhapkar_p": "Bhapkar p-value",
    "column_n_ff": "Failed before, failed after",
    "column_n_fp": "Failed before, passed after",
    "column_n_pf": "Passed before, failed after",
    "column_n_pp": "Passed before, passed after",
    "column_mcnemar_p": "Exact McNemar p-value",
    "column_mcnemar_midp": "McNemar mid-p",
    "column_mcnemar_chi2": "McNemar chi-squared statistic",
    "column_mcnemar_chi2_p": "McNemar chi-squared p-value",
    "column_prop_diff": "Change in pass rate (after − before)",
    "column_prop_diff_ci_low": "Change in pass rate, 95% CI lower limit",
    "column_prop_diff_ci_high": "Change in pass rate, 95% CI upper limit",
    "column_mean_diff_shrunk": "Shrunken mean change (empirical Bayes)",
    "column_mean_diff_shrunk_ci_low": "Shrunken change, 95% CI lower limit",
    "column_mean_diff_shrunk_ci_high": "Shrunken change, 95% CI upper limit",
    "column_shrunk_rank": "Rank of the shrunken change within its instrument",
    "column_notes": "Note codes (meanings below)",
    "column_scope": "Scope of the pool (instrument or program_type)",
    "column_k": "Programmes pooled",
    "column_pooled_estimate": "Pooled mean change",
    "column_pooled_se": "Standard error of the pooled change",
    "column_pooled_ci_low": "Pooled change, 95% CI lower limit",
    "column_pooled_ci_high": "Pooled change, 95% CI upper limit",
    "column_pooled_p": "p-value of the pooled change",
    "column_tau2": "Variance of the change between programmes (tau²)",
    "column_q": "Cochran's Q (heterogeneity)",
    "column_q_df": "Degrees of freedom of Q",
    "column_q_p": "p-value of the Q test",
    "column_i2": "I² (%)",
    "column_pi_low": "95% prediction interval, lower limit",
    "column_pi_high": "95% prediction interval, upper limit",
    "column_pooled_notes": "Pooling note codes (meanings below)",
    "column_dimension": "Subgroup dimension (unit, rank_band, sex, age_band)",
    "column_level": "Subgroup",
    "column_suppressed": "Hidden to protect privacy",
    # Programme page panels (issue 5)
    "programme_cost_per_participant_jp": "Cost per participant per JP",
    "chart_direction_up": "Up",
    "chart_direction_same": "Same",
    "chart_direction_down": "Down",
    "chart_mean": "Mean",
    "chart_lines_note": (
        "Each line is one participant, from the score before to the score after: green up, grey"
        " unchanged, orange down. The thick line joins the means."
    ),
    "chart_raincloud_note": (
        "Cloud: the spread of scores; box: quartiles 1 to 3 with the median and the mean dashed;"
        " dots: {sample} scores drawn at random."
    ),
    "effects_title": "Effect sizes",
    "stat_gz": "g_z (bias-corrected d_z) [95% CI]",
    "stat_d_rm": "d_rm (repeated measures)",
    "stat_hl": "Hodges-Lehmann median change, points [95% CI]",
    "stat_prob_superiority": "Chance that the score after is higher",
    "stat_pre_post_r": "Correlation of scores before and after",
    "ci_level_note": "{interval} (exact CI {level})",
    "pooled_title": "Compared with other programmes",
    "pooled_intro": (
        "All programmes of this run measured with the same instrument, pooled (random effects)."
        " The shrunken estimate pulls the programme's change toward the pooled mean as far as its"
        " uncertainty allows, so that a small programme does not look best or worst by chance."
    ),
    "pooled_all": "Mean change over all programmes [95% CI]",
    "pooled_value": "{interval}; {k} programmes",
    "pooled_prediction": "95% prediction interval for one programme",
    "pooled_i2": "Variation between programmes (I²)",
    "pooled_type": "Mean change over programmes of this type [95% CI]",
    "pooled_observed": "This programme, observed [95% CI]",
    "pooled_shrunk": "This programme, shrunken [95% CI]",
    "pooled_rank": "Rank after shrinkage",
    "rank_of": "{rank} of {k}",
    "attrition_title": "Participants who did not finish",
    "attrition_none": "Everyone with a score before also has a score after.",
    "attrition_share": (
        "{dropouts} of {enrolled} enrolled participants ({share}) have a score before but no"
        " score after."
    ),
    "attrition_small": "As they are fewer than 5, their scores are not shown, to protect privacy.",
    "attrition_baseline": (
        "Their mean score before was {dropouts}, against {completers} for those who finished"
        " (standardised difference {smd})."
    ),
    "attrition_biased": (
        "Those who did not finish differed from the start, so the change measured may not hold"
        " for the whole intake."
    ),
    "attrition_completers": "Finished",
    "attrition_dropouts": "Did not finish",
    "col_group": "Group",
    "col_people": "People",
    "col_subgroup": "Subgroup",
    "subgroups_title": "By participant subgroup",
    "subgroups_intro": (
        "Mean change per subgroup. Subgroups with fewer than 5 score pairs, and where needed one"
        " more so that their numbers cannot be worked back, are not shown."
    ),
    "subgroup_withheld": "{count} more subgroups (withheld)",
    "subgroup_no_test": "The difference between subgroups cannot be tested.",
    "subgroup_test": "Difference between subgroups (Welch test): F({df1}, {df2}) = {f}; {p}.",
    "subgroup_dimension_unit": "Agency (OPD)",
    "subgroup_dimension_rank_band": "Civil-service rank group",
    "subgroup_dimension_sex": "Sex",
    "subgroup_dimension_age_band": "Age group",
    "subgroup_level_sex_female": "Female",
    "subgroup_level_sex_male": "Male",
    "subgroup_level_age_band_<30": "Under 30",
    "subgroup_level_age_band_30-39": "30–39",
    "subgroup_level_age_band_40-49": "40–49",
    "subgroup_level_age_band_50+": "50 and over",
    "pass_rate_before": "Pass rate before",
    "pass_rate_after": "Pass rate after",
    "median_before": "Middle category before",
    "median_after": "Middle category after",
    "caveat_normality": (
        "The changes are not normally distributed (Shapiro-Wilk, {p}); the Wilcoxon test and the"
        " Hodges-Lehmann median change, {hl}, are the sturdier guide."
    ),
}

for _number, (_month_id, _month_en) in enumerate(zip(_MONTHS_ID, _MONTHS_EN, strict=True), 1):
    _ID[f"month_{_number}"] = _month_id
    _EN[f"month_{_number}"] = _month_en


def _catalogue_files() -> dict[str, dict[str, str]]:
    """The texts kept in `texts/*.toml`, where each key's Indonesian and English stand side by
    side (`[key]` with `id = "..."` and `en = "..."`), by language. A key defined twice, or
    without both languages, is an error when the package is imported."""
    found: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    origin: dict[str, str] = {}
    for path in sorted(_TEXTS.glob("*.toml")):
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        for key, entry in entries.items():
            where = f"{path.name} [{key}]"
            if key in origin or key in _ID:
                also = origin.get(key, "messages.py")
                raise RuntimeError(f"{where}: the key is defined twice (also in {also})")
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                raise RuntimeError(f"{where}: needs exactly {' and '.join(LANGUAGES)}")
            origin[key] = path.name
            for lang in LANGUAGES:
                found[lang][key] = str(entry[lang]).strip()
    return found


_TEXTS = Path(__file__).resolve().parent / "texts"
for _lang, _texts in _catalogue_files().items():
    {"id": _ID, "en": _EN}[_lang].update(_texts)

MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `kwargs`.

    Raises KeyError for an unknown key or language, so that a typo fails in tests rather than
    showing a blank to a reader.
    """
    text = MESSAGES[lang][key]
    return text.format(**kwargs) if kwargs else text
