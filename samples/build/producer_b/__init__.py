"""A second producer of the sample reports: the same facts (samples/truth/) printed another way.

The first builder (samples/build/) draws its PDFs with reportlab and python-docx + LibreOffice in
IPAex Gothic and writes its workbooks with openpyxl. This producer shares nothing with it but the
truth: its PDFs are HTML + CSS printed by headless Chromium (IPA Mincho, CSS borders that Chromium
paints as filled rectangles, shaded multi-level headers, the browser's own line wrapping and page
breaks, repeated table heads), and its workbooks are written by xlsxwriter (a title row above the
table, merged multi-level headers, number formats carrying units, a blank first column, frozen
panes, a print area). Its editions (`--variant N`) draw their own knobs and write their own truth.
"""
