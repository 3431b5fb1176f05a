"""Admin → Import: upload files, preview the detected kind and column mapping, import with a
progress bar, see the result and the rejected rows, and the import log."""

import streamlit as st

from reporting.access.permissions import is_operator, may_see_import
from reporting.i18n import fmt_number
from reporting.ingest import upload
from reporting.ui.context import page_context, selected_org
from reporting.ui.drill import label_codes
from reporting.ui.loaders import organisation_names
from reporting.ui.readable import show_readable
from reporting.ui.tables import download_buttons, show_table
from reporting.ui.text import plain
from reporting.ui.uploader import uploader_css

ctx = page_context("admin_import")

st.title(ctx.t("page.admin_import.title"))
lang = ctx.lang
operator = is_operator(ctx.user)

# -- target organisation: the operator picks (or creates); a main user has only their own ------
org_name = business_id = None
if operator:
    new_org = st.toggle(ctx.t("import.new_org"), key="import_new_org")
    if new_org:
        c1, c2, c3 = st.columns(3)
        org_id = c1.text_input(ctx.t("import.org_id"), key="import_org_id").strip()
        org_name = c2.text_input(ctx.t("import.org_name"), key="import_org_name").strip()
        business_id = c3.text_input(ctx.t("import.business_id"), key="import_business_id").strip()
    else:
        org_id = selected_org(ctx.user) or ""
else:
    org_id = ctx.user.org_id or ""
names = organisation_names()
st.caption(ctx.t("import.target", org=plain(names.get(org_id) or org_name or org_id or "–")))

st.html(uploader_css(lang, upload.PAGE_MAX_UPLOAD_MB, upload.UPLOAD_TYPES))
uploads = st.file_uploader(ctx.t("import.files"), type=list(upload.UPLOAD_TYPES),
                           accept_multiple_files=True, key="import_files",
                           max_upload_size=upload.PAGE_MAX_UPLOAD_MB,
                           help=ctx.t("import.files_help", mb=upload.PAGE_MAX_UPLOAD_MB))

with st.expander(ctx.t("import.options")):
    c1, c2, c3 = st.columns(3)
    kinds = upload.kinds_for(ctx.user)
    kind = c1.selectbox(ctx.t("import.kind"), [""] + kinds, key="import_kind",
                        format_func=lambda k: ctx.t("import.kind_auto") if not k else upload.kind_words(k, lang))
    delimiter = c2.selectbox(ctx.t("import.delimiter"), ["", ";", ",", "tab"], key="import_delimiter",
                             format_func=lambda d: ctx.t("import.auto") if not d else d)
    encoding = c3.selectbox(ctx.t("import.encoding"), ["", "utf-8", "utf-16", "windows-1252", "latin-1",
                                                       "iso-8859-15"], key="import_encoding",
                            format_func=lambda e: ctx.t("import.auto") if not e else e)
    c1, c2, c3 = st.columns(3)
    decimal = c1.selectbox(ctx.t("import.decimal"), ["auto", "comma", "point"], key="import_decimal",
                           format_func=lambda d: ctx.t(f"import.decimal.{d}"))
    date_format = c2.text_input(ctx.t("import.date_format"), key="import_date_format",
                                placeholder="%d.%m.%Y").strip()
    sheet = c3.text_input(ctx.t("import.sheet"), key="import_sheet").strip()
    c1, c2 = st.columns(2)
    fx_text = c1.text_input(ctx.t("import.fx"), key="import_fx", placeholder="USD=0.92").strip()
    max_amount = c2.number_input(ctx.t("import.max_amount"), min_value=1, value=1_000_000, step=100_000,
                                 key="import_max_amount")

mode = st.radio(ctx.t("import.mode"), ["reject_file", "load_valid"], key="import_mode", horizontal=True,
                format_func=lambda m: ctx.t(f"import.mode.{m}"))

read = upload.read_options(delimiter=delimiter, decimal=decimal, encoding=encoding,
                            date_format=date_format, sheet=sheet)
saved = []
for uf in uploads or []:
    if upload.too_big(uf.size):
        st.error(ctx.t("import.too_big", name=plain(uf.name), mb=upload.PAGE_MAX_UPLOAD_MB))
        continue
    path = upload.saved_upload(st.session_state, uf.file_id, uf, uf.name)
    saved.append((path, uf.name))
    preview = upload.preview(path, uf.name, read, kind or None)
    with st.container(border=True):
        if preview.error:
            st.error(plain(preview.error.message(lang)))
            continue
        st.markdown(ctx.t("import.preview", name=plain(uf.name), kind=plain(upload.kind_words(preview.kind, lang))))
        show_table(preview.mapping, lang=lang, key=f"import_map_{uf.file_id}", report="import-mapping",
                   downloads=False)
        for m in preview.missing:
            st.warning(ctx.t("import.missing", column=m))
        if preview.unknown:
            st.caption(ctx.t("import.unknown", columns=plain(", ".join(preview.unknown))))

can_run = upload.can_run(ctx.user, len(saved), org_id, new_org=bool(st.session_state.get("import_new_org")),
                          org_name=org_name)
if st.button(ctx.t("import.run"), type="primary", disabled=not can_run, key="import_run"):
    bar = st.progress(0.0, text=ctx.t("import.starting"))
    try:
        result = upload.run_import(
            ctx.db, saved, user=ctx.user, org_id=org_id, org_name=org_name,
            business_id=business_id or "", kind=kind or None, load_valid=mode == "load_valid",
            read=read, fx_text=fx_text, max_amount=max_amount, lang=lang,
            progress=lambda f, label: bar.progress(min(1.0, f), text=label or None))
    except upload.RequestError as exc:
        st.error(plain(str(exc)))
    else:
        st.session_state["import_result"] = result
        upload.forget_uploads(st.session_state)
    bar.empty()

result = st.session_state.get("import_result")
if result is not None and may_see_import(ctx.user, result.org_id):
    status = ctx.t(f"ingest.status.{result.status}")
    text = ctx.t("import.summary", status=status, read=fmt_number(result.rows_read, lang),
                 loaded=fmt_number(result.rows_loaded, lang), rejected=fmt_number(result.rows_rejected, lang))
    (st.success if result.status == "loaded" else st.warning if result.status == "partial" else st.error)(text)
    if result.error:
        st.error(ctx.t(f"ingest.err.{result.error}"))
    for note in upload.notes(result, lang):
        st.info(plain(note))
    show_table(upload.file_summary(result), lang=lang, key="import_summary", report="import-summary",
               downloads=False)
    problems = upload.problem_table(result, lang)
    if len(problems):
        st.markdown(f"##### {ctx.t('import.problems')}")
        show_table(problems, lang=lang, key="import_problems", report="import-problems")
    rejected = result.rejected_rows()
    if len(rejected):
        st.markdown(f"##### {ctx.t('import.rejected_rows', n=fmt_number(len(rejected), lang))}")
        download_buttons(rejected, lang=lang, key="import_rejected", report="import-rejected")

st.markdown(f"#### {ctx.t('import.log')}")
log = upload.log_for(ctx.user)
shown = label_codes(log, lang, import_mode="import.mode", import_result="ingest.status")
shown["file_kinds"] = [upload.kind_words(v, lang) for v in shown["file_kinds"]]
shown["org_id"] = [names.get(o, o) for o in shown.org_id]
show_readable(shown, log, lang=lang, key="import_log", report="import-log",
              formats={"rows_read": "num0", "rows_loaded": "num0", "rows_rejected": "num0"})
