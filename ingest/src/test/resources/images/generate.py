#!/usr/bin/python3
"""Writes the WebP fixture (Java's ImageIO cannot write WebP). Run with Debian's python3-pil:
    /usr/bin/python3 ingest/src/test/resources/images/generate.py
"""
import os
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
im = Image.new("RGB", (40, 30), (200, 30, 30))
for x in range(10, 30):
    for y in range(5, 25):
        im.putpixel((x, y), (20, 20, 220))
im.save(os.path.join(here, "blue_square-on-red.webp"), "WEBP", lossless=True)
