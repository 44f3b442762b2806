"""Every text a reader of the report sees, in Bahasa Indonesia (default) and English.

Texts are plain: the templates escape them, so markup never lives here. Placeholders use
`str.format` names and are filled by `t`.
"""

# Readers get real typography (minus and times signs, en dashes, Greek letters), not code.
# ruff: noqa: RUF001

from __future__ import annotations

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
    # Verdicts
    "verdict_positive": "Berdampak positif",
    "verdict_not_shown": "Belum terbukti",
    "verdict_negative": "Menurun",
    "verdict_insufficient": "Data belum cukup",
    "verdict_positive_explain": (
        "Skor naik secara signifikan setelah koreksi Benjamini-Hochberg atas semua perbandingan"
        " dalam run ini (q < 0,05), dan seluruh interval kepercayaan 95% perubahan rata-ratanya"
        " berada di atas nol."
    ),
    "verdict_not_shown_explain": (
        "Ada sedikitnya 5 pasangan skor, tetapi perubahannya tidak signifikan (q ≥ 0,05) atau"
        " interval kepercayaan 95%-nya mencakup nol; belum terbukti tidak sama dengan tidak"
        " berdampak."
    ),
    "verdict_negative_explain": (
        "Skor turun secara signifikan setelah koreksi Benjamini-Hochberg (q < 0,05), dan seluruh"
        " interval kepercayaan 95% perubahan rata-ratanya berada di bawah nol."
    ),
    "verdict_insufficient_explain": (
        "Kurang dari 5 peserta memiliki skor sebelum dan sesudah, sehingga tidak ada kesimpulan"
        " yang ditarik."
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
        "Setiap titik adalah besar efek d_z (perubahan rata-rata dibagi simpangan baku perubahan)"
        " satu program pada satu instrumen; garis mendatar adalah interval kepercayaan 95%. Titik"
        " di kanan garis nol berarti skor naik: makin ke kanan, makin besar kenaikannya. Garis"
        " yang memotong nol berarti perubahan belum pasti."
    ),
    "forest_axis": "Besar efek d_z",
    "forest_not_plotted": (
        "Tidak digambar karena tidak memiliki d_z: {count} hasil. Semua hasil ada di tabel di"
        " bawah."
    ),
    "forest_table_caption": "Data grafik besar efek, dari terbesar",
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
    "conclusion_positive": (
        "Skor {instrument} naik rata-rata {change} poin (IK 95% {low} s.d. {high}). Kenaikan ini"
        " terlalu besar untuk dianggap kebetulan, juga setelah memperhitungkan banyaknya"
        " perbandingan dalam run ini ({q})."
    ),
    "conclusion_not_shown": (
        "Skor {instrument} berubah rata-rata {change} poin (IK 95% {low} s.d. {high}), tetapi"
        " perubahan ini belum dapat dibedakan dari kebetulan ({q}). Ini bukan bukti bahwa"
        " pelatihan tidak berdampak."
    ),
    "conclusion_negative": (
        "Skor {instrument} turun rata-rata {change} poin (IK 95% {low} s.d. {high}). Penurunan ini"
        " tidak dapat dianggap kebetulan ({q}); penyebabnya perlu ditelusuri."
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
    "note_all_differences_zero": (
        "Semua perubahan bernilai nol, sehingga uji Wilcoxon dan korelasi rank-biserial tidak"
        " terdefinisi."
    ),
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
    "note_instrument_kind_not_evaluated": (
        "Instrumen ordinal dan biner belum dianalisis dengan statistik berpasangan numerik."
    ),
    "note_suppressed_small_group": (
        "Kelompok kurang dari 5 orang: angka disembunyikan untuk melindungi privasi."
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
        "program_id tidak ada di tabel programs (atau barisnya di sana ditolak). Tambahkan "
        "programnya atau perbaiki id-nya."
    ),
    "reason_unknown_instrument": (
        "instrument tidak ada di tabel instruments. Tambahkan instrumennya atau perbaiki namanya."
    ),
    "reason_duplicate_row": "Salinan persis dari baris sebelumnya; salinan pertama yang dipakai.",
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
        " non-sentral dengan n − 1 derajat bebas, lalu keduanya dibagi √n.\n\nPatokan kasar"
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
    "method_wilcoxon_title": "Uji peringkat bertanda Wilcoxon",
    "method_wilcoxon_body": (
        "Dihitung seperti wilcox.test(post, pre, paired = TRUE) di R: perubahan yang bernilai nol"
        " dibuang, nilai mutlak perubahan diberi peringkat (peringkat kembar dirata-rata), dan V ="
        " jumlah peringkat perubahan positif. Nilai p dua sisi dihitung eksak bila kurang dari 50"
        " perubahan bukan nol dan tidak ada peringkat kembar maupun nol; selain itu dengan"
        " pendekatan normal, dengan koreksi peringkat kembar pada variansnya dan koreksi"
        " kontinuitas. Uji ini tidak mengandaikan perubahan berdistribusi normal."
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
    "method_mde_title": "Efek terkecil yang dapat dideteksi",
    "method_mde_body": (
        "mde_dz: d_z terkecil yang terdeteksi oleh uji t berpasangan dengan n_paired pasangan pada"
        " kuasa 80% dan α = 0,05 dua sisi, seperti power.t.test(n = n_paired, power = 0.8, type ="
        ' "paired") di R, yang memakai distribusi t non-sentral. Efek sebenarnya yang lebih kecil'
        ' dari ini mudah terlewat, sehingga "belum terbukti" pada kelompok kecil sering berarti'
        " datanya kurang."
    ),
    "method_adjustment_title": "Koreksi untuk banyak perbandingan",
    "method_adjustment_body": (
        "Setiap baris hasil dalam run adalah satu uji, sehingga sebagian nilai p akan kecil karena"
        " kebetulan. p_holm adalah koreksi bertahap Holm (mengendalikan peluang adanya satu saja"
        " temuan palsu); q_bh adalah koreksi Benjamini-Hochberg (mengendalikan perkiraan proporsi"
        " temuan palsu di antara temuan). Keduanya atas p_value seluruh baris run ini, seperti"
        ' p.adjust(method = "holm") dan p.adjust(method = "BH") di R.'
    ),
    "method_comparison_title": "Kelompok pembanding",
    "method_comparison_body": (
        "Bila rekan yang tidak dilatih diukur pada waktu yang sama (n_comparison > 0):"
        " did_estimate adalah selisih perubahan rata-rata (peserta − pembanding), dengan interval"
        " t Welch 95% (did_ci_low, did_ci_high) dan nilai p (did_p). ancova_effect adalah koefisien"
        ' "dilatih" pada regresi OLS post ~ pre + dilatih, dengan IK 95% dan nilai p-nya;'
        " slopes_p menguji interaksi pre × dilatih (apakah hubungan skor sebelum–sesudah berbeda"
        " antarkelompok; bila kecil, efek ANCOVA sulit ditafsirkan). Panel ini hanya muncul bila"
        " ada kelompok pembanding."
    ),
    "method_verdict_title": "Kesimpulan (verdict)",
    "method_verdict_body": (
        "Satu label untuk pimpinan, dari aturan yang sama untuk semua baris. Data belum cukup:"
        " kurang dari 5 pasangan. Berdampak positif: q_bh < 0,05 dan ci_low > 0. Menurun: q_bh <"
        " 0,05 dan ci_high < 0. Belum terbukti: selain itu. Warna label mengikuti palet"
        " Okabe-Ito yang aman bagi buta warna, dan setiap label juga memiliki simbol sendiri."
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
        "Laporan ini tidak pernah memuat NIP, nama, atau data pribadi lain. Grafik sebaran dibuat"
        " dari ringkasan (kuartil, jumlah per nilai atau per rentang), bukan dari pasangan skor"
        " perorangan. Baris masukan yang ditolak, lengkap dengan NIP, tetap di area data"
        " terbatas."
    ),
    "method_charts_title": "Grafik",
    "method_charts_body": (
        "Grafik besar efek menampilkan d_z dan IK 95%-nya per program dan instrumen. Sebaran skor:"
        " diagram kotak (kuartil dengan metode bawaan R, type 7; garis tipis sampai skor terendah"
        " dan tertinggi), atau batang persentase per nilai bila skor hanya memiliki sedikit nilai"
        " bulat. Sebaran perubahan: histogram d dengan batas kelas pada nol. Setiap grafik"
        " didampingi tabel berisi angka yang sama."
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
    "rupiah_format": "Rp {value}",
    # Verdicts
    "verdict_positive": "Positive impact",
    "verdict_not_shown": "Not shown",
    "verdict_negative": "Declined",
    "verdict_insufficient": "Insufficient data",
    "verdict_positive_explain": (
        "Scores rose significantly after the Benjamini-Hochberg adjustment across all comparisons"
        " in this run (q < 0.05), and the whole 95% confidence interval of the mean change lies"
        " above zero."
    ),
    "verdict_not_shown_explain": (
        "There are at least 5 score pairs, but the change is not significant (q ≥ 0.05) or its 95%"
        " confidence interval includes zero; not shown is not the same as no impact."
    ),
    "verdict_negative_explain": (
        "Scores fell significantly after the Benjamini-Hochberg adjustment (q < 0.05), and the"
        " whole 95% confidence interval of the mean change lies below zero."
    ),
    "verdict_insufficient_explain": (
        "Fewer than 5 participants have both a before and an after score, so no conclusion is"
        " drawn."
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
        "Each dot is the effect size d_z (the mean change divided by the standard deviation of"
        " change) of one programme on one instrument; the horizontal line is its 95% confidence"
        " interval. Dots right of the zero line mean scores rose: the further right, the larger"
        " the rise. A line that crosses zero means the change is uncertain."
    ),
    "forest_axis": "Effect size d_z",
    "forest_not_plotted": (
        "Not drawn for lack of a d_z: {count} of the results. Every result is in the tables below."
    ),
    "forest_table_caption": "Effect size chart data, largest first",
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
    "conclusion_positive": (
        "{instrument} scores rose by {change} points on average (95% CI {low} to {high}). This rise"
        " is too large to be chance, even after allowing for the number of comparisons in this run"
        " ({q})."
    ),
    "conclusion_not_shown": (
        "{instrument} scores changed by {change} points on average (95% CI {low} to {high}), but"
        " this change cannot yet be told apart from chance ({q}). This is not proof that the"
        " training had no effect."
    ),
    "conclusion_negative": (
        "{instrument} scores fell by {change} points on average (95% CI {low} to {high}). This fall"
        " cannot be put down to chance ({q}); its causes need to be looked into."
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
    "note_all_differences_zero": (
        "Every change is zero, so the Wilcoxon test and the rank-biserial correlation are"
        " undefined."
    ),
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
    "note_instrument_kind_not_evaluated": (
        "Ordinal and binary instruments are not yet analysed with numeric paired statistics."
    ),
    "note_suppressed_small_group": (
        "A group of fewer than 5 people: numbers are withheld to protect privacy."
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
        "program_id is not in the programs table (or its row there was rejected). Add the "
        "programme or correct the id."
    ),
    "reason_unknown_instrument": (
        "instrument is not in the instruments table. Add the instrument or correct the name."
    ),
    "reason_duplicate_row": "An exact copy of an earlier row; the first copy was kept.",
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
        " with n − 1 degrees of freedom, and divide both by √n.\n\nCohen's rough benchmarks (0.2"
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
    "method_wilcoxon_title": "Wilcoxon signed-rank test",
    "method_wilcoxon_body": (
        "Computed like R's wilcox.test(post, pre, paired = TRUE): changes equal to zero are"
        " dropped, the absolute changes are ranked (ties get their average rank), and V = the sum"
        " of the ranks of the positive changes. The two-sided p is exact when there are fewer than"
        " 50 non-zero changes and no ties or zeros; otherwise it comes from the normal"
        " approximation, with a tie correction of the variance and a continuity correction. The"
        " test does not assume normally distributed changes."
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
    "method_mde_title": "Minimum detectable effect",
    "method_mde_body": (
        "mde_dz: the smallest d_z that a paired t-test with n_paired pairs detects with 80% power"
        ' at α = 0.05 two-sided, as R\'s power.t.test(n = n_paired, power = 0.8, type = "paired"),'
        " which uses the noncentral t distribution. A true effect smaller than this is easily"
        ' missed, so "not shown" in a small group often means too little data.'
    ),
    "method_adjustment_title": "Adjustment for many comparisons",
    "method_adjustment_body": (
        "Every result row of the run is one test, so some p-values will be small by chance."
        " p_holm is Holm's step-down adjustment (it controls the chance of even one false"
        " finding); q_bh is the Benjamini-Hochberg adjustment (it controls the expected share of"
        " false findings among the findings). Both adjust the p_value of every row of this run,"
        ' as R\'s p.adjust(method = "holm") and p.adjust(method = "BH").'
    ),
    "method_comparison_title": "Comparison group",
    "method_comparison_body": (
        "When untrained colleagues were measured at the same times (n_comparison > 0):"
        " did_estimate is the difference in mean change (participants − comparison), with a 95%"
        " Welch t interval (did_ci_low, did_ci_high) and p (did_p). ancova_effect is the"
        ' coefficient of "trained" in the OLS regression post ~ pre + trained, with its 95% CI'
        " and p; slopes_p tests the pre × trained interaction (whether the before–after relation"
        " differs between the groups; when it is small the ANCOVA effect is hard to interpret)."
        " This panel appears only when there is a comparison group."
    ),
    "method_verdict_title": "Verdict",
    "method_verdict_body": (
        "One label for leaders, from the same rule for every row. Insufficient data: fewer than 5"
        " pairs. Positive impact: q_bh < 0.05 and ci_low > 0. Declined: q_bh < 0.05 and ci_high <"
        " 0. Not shown: everything else. The label colours follow the colour-blind-safe Okabe-Ito"
        " palette, and each label also has its own symbol."
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
        "This report never contains NIPs, names or other personal data. Distribution charts are"
        " drawn from summaries (quartiles, counts per value or per range), not from individual"
        " pairs of scores. Rejected input rows, with their NIPs, stay in the restricted data area."
    ),
    "method_charts_title": "Charts",
    "method_charts_body": (
        "The effect size chart shows d_z and its 95% CI per programme and instrument. Score"
        " distributions: a box plot (quartiles by R's default method, type 7; thin lines to the"
        " lowest and highest score), or bars of the share at each value when the scores take only"
        " a few whole values. Distribution of change: a histogram of d with a bin edge at zero."
        " Every chart comes with a table of the same numbers."
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
}

for _number, (_month_id, _month_en) in enumerate(zip(_MONTHS_ID, _MONTHS_EN, strict=True), 1):
    _ID[f"month_{_number}"] = _month_id
    _EN[f"month_{_number}"] = _month_en

MESSAGES: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `kwargs`.

    Raises KeyError for an unknown key or language, so that a typo fails in tests rather than
    showing a blank to a reader.
    """
    text = MESSAGES[lang][key]
    return text.format(**kwargs) if kwargs else text
