#!/usr/bin/python3
"""Writes the demo's binary samples: a two-page PDF (hand-written PDF syntax, Helvetica) and a PNG.
Run with Debian's python3-pil:  /usr/bin/python3 scripts/generate-samples.py
"""
import os
from PIL import Image, ImageDraw

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")

pages = [
    ["Annual Maintenance Report", "", "Page one: the Bell Rock lighthouse lamp was replaced with an LED",
     "array in March. Power use fell by seventy percent, and the beam range", "is unchanged at eighteen nautical miles."],
    ["Page two: tide gauges at the harbour entrance were recalibrated.", "The largest spring tide recorded this year was 5.2 metres.",
     "Storm damage to the breakwater was repaired in November."],
]


def pdf_bytes():
    objects = []
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font_id = 3 + 2 * len(pages)
    for i, lines in enumerate(pages):
        content_id = 4 + 2 * i
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode())
        text = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({l}) Tj T*" for l in lines) + " ET"
        stream = text.encode("latin-1")
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Title (Annual Maintenance Report) /Producer (samples/generate.py) >>")
    info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


with open(os.path.join(here, "maintenance-report.pdf"), "wb") as f:
    f.write(pdf_bytes())

img = Image.new("RGB", (320, 200), (10, 20, 60))
d = ImageDraw.Draw(img)
d.polygon([(150, 80), (170, 80), (178, 170), (142, 170)], fill=(230, 230, 230))
d.polygon([(160, 70), (320, 30), (320, 60)], fill=(255, 240, 150))
d.rectangle([0, 170, 320, 200], fill=(20, 40, 90))
img.save(os.path.join(here, "harbour_at_night.png"))
