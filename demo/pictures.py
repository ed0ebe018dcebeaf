"""Pictures for the demo, drawn here with Pillow (nothing downloaded, no licence to track):
flat illustrated scenes for a few projects, knowledge-bank entries and municipalities, and
a logo and a favicon for the region. Drawn once per seed, only where no picture is set."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from core.models import Municipality, SiteSettings
from knowledgebank.models import Entry
from projects.models import Project

W, H = 1600, 1000


def _sky(draw, top, bottom, height=H):
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (W, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _hills(draw, rng, colours, base):
    for i, colour in enumerate(colours):
        y0 = base + i * 70
        points = [(0, H)]
        for x in range(0, W + 200, 200):
            points.append((x, y0 + rng.randint(-60, 40)))
        points.append((W, H))
        draw.polygon(points, fill=colour)


def _buildings(draw, rng, base, colours, windows=(255, 226, 150)):
    x = -20
    while x < W:
        width, height = rng.randint(110, 220), rng.randint(220, 520)
        colour = rng.choice(colours)
        draw.rectangle([x, base - height, x + width, base], fill=colour)
        for wy in range(base - height + 30, base - 40, 56):
            for wx in range(x + 20, x + width - 30, 44):
                if rng.random() < 0.55:
                    draw.rectangle([wx, wy, wx + 20, wy + 28], fill=windows)
        x += width + rng.randint(8, 30)


def scene_harbour(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, (255, 214, 170), (250, 240, 225), 620)
    draw.ellipse([1100, 160, 1300, 360], fill=(255, 170, 90))
    _buildings(draw, rng, 620, [(120, 78, 70), (170, 110, 80), (70, 90, 110), (200, 160, 110)])
    for y in range(620, H, 14):
        shade = 40 + (y - 620) // 8
        draw.rectangle([0, y, W, y + 14], fill=(20, 70 + shade // 3, 110 + shade // 2))
    for bx in (260, 720, 1180):
        draw.polygon(
            [(bx, 760), (bx + 220, 760), (bx + 180, 810), (bx + 40, 810)], fill=(245, 245, 240)
        )
        draw.polygon([(bx + 110, 600), (bx + 110, 750), (bx + 190, 750)], fill=(230, 80, 60))
    return image


def scene_city(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, (180, 215, 240), (235, 245, 250), 760)
    _buildings(draw, rng, 780, [(60, 80, 110), (90, 110, 140), (140, 150, 165), (40, 90, 90)])
    draw.rectangle([0, 780, W, H], fill=(70, 75, 80))
    for x in range(40, W, 180):
        draw.rectangle([x, 880, x + 90, 896], fill=(240, 240, 230))
    for tx in range(120, W, 420):
        draw.rectangle([tx - 8, 690, tx + 8, 790], fill=(90, 60, 40))
        draw.ellipse([tx - 70, 580, tx + 70, 720], fill=(60, 140, 80))
    return image


def scene_fields(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, (150, 200, 235), (250, 245, 220))
    draw.ellipse([220, 140, 400, 320], fill=(255, 220, 110))
    _hills(draw, rng, [(120, 170, 110), (80, 145, 90), (50, 115, 70)], 520)
    for i in range(12):
        y = 820 + i * 16
        draw.line([(0, y), (W, y - 60)], fill=(40, 100, 60), width=5)
    draw.rectangle([1150, 560, 1330, 700], fill=(180, 50, 40))
    draw.polygon([(1130, 560), (1240, 470), (1350, 560)], fill=(90, 40, 35))
    return image


def scene_lights(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, (15, 25, 60), (40, 55, 100))
    _buildings(draw, rng, H, [(30, 35, 60), (45, 45, 75), (25, 30, 50)], windows=(250, 210, 120))
    for row in range(4):
        y0 = 120 + row * 120
        for x in range(0, W, 36):
            y = y0 + 40 * ((x / W - 0.5) ** 2) * 4
            colour = rng.choice([(255, 220, 120), (255, 160, 90), (255, 240, 200)])
            draw.ellipse([x, y, x + 14, y + 14], fill=colour)
    return image


def scene_bikes(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, (205, 230, 215), (245, 250, 245), 700)
    _buildings(draw, rng, 700, [(200, 170, 130), (170, 120, 100), (220, 200, 160)])
    draw.rectangle([0, 700, W, H], fill=(150, 150, 145))
    for bx in (380, 980):
        for wx in (bx, bx + 300):
            draw.ellipse([wx - 110, 700, wx + 110, 920], outline=(30, 30, 30), width=16)
        draw.line([(bx, 810), (bx + 130, 660), (bx + 300, 810)], fill=(20, 110, 90), width=18)
        draw.line([(bx + 130, 660), (bx + 260, 660), (bx + 300, 810)], fill=(20, 110, 90), width=18)
        draw.rectangle([bx - 140, 610, bx + 40, 720], fill=(230, 120, 40))
    return image


def scene_food(rng):
    image = Image.new("RGB", (W, H), (238, 226, 205))
    draw = ImageDraw.Draw(image)
    for y in range(0, H, 80):
        draw.line([(0, y), (W, y)], fill=(225, 210, 185), width=4)
    for cx, cy in ((420, 380), (1080, 360), (760, 700), (1300, 760), (200, 800)):
        draw.ellipse([cx - 190, cy - 190, cx + 190, cy + 190], fill=(250, 250, 248))
        draw.ellipse([cx - 140, cy - 140, cx + 140, cy + 140], fill=(235, 235, 230))
        for _ in range(7):
            x, y = cx + rng.randint(-90, 70), cy + rng.randint(-90, 70)
            colour = rng.choice([(220, 60, 50), (80, 150, 60), (240, 170, 40), (150, 90, 50)])
            draw.ellipse([x, y, x + rng.randint(30, 60), y + rng.randint(30, 60)], fill=colour)
    return image


SCENES = {
    "harbour": (
        scene_harbour,
        "An illustration of a harbour at sunset: houses along the quay and boats with red sails.",
    ),
    "city": (
        scene_city,
        "An illustration of a city street: office and shop buildings, trees and a road.",
    ),
    "fields": (
        scene_fields,
        "An illustration of farmland: green hills, rows of crops and a red barn under a low sun.",
    ),
    "lights": (
        scene_lights,
        "An illustration of a town at night with strings of festive lights above the street.",
    ),
    "bikes": (
        scene_bikes,
        "An illustration of two cargo bikes with orange boxes on a town street.",
    ),
    "food": (
        scene_food,
        "An illustration of plates of vegetables and fruit on a kitchen table, seen from above.",
    ),
}

PROJECTS = {
    "A shared charging network for delivery vans in the city centre": "city",
    "Evenemangsstråk längs hamnen": "harbour",
    "Circular building materials exchange": "city",
    "Summer jobs for young people in local shops": "bikes",
}
ENTRIES = {
    "Christmas lights in the city centre, co-financed": "lights",
    "Local food in school kitchens": "food",
    "Shared electric delivery bikes: a pilot": "bikes",
}
MUNICIPALITIES = {
    "Northvik": "harbour",
    "Southby": "fields",
    "Eastholm": "city",
    "Westbrook": "fields",
}

# Two municipalities with a colour of their own (white text keeps 4.5:1 on both).
COLOURS = {"Southby": "#1d6b34", "Westbrook": "#8a3b12"}


def _jpeg(image: Image.Image, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return SimpleUploadedFile(f"{name}.jpg", out.getvalue(), content_type="image/jpeg")


def _png(image: Image.Image, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"{name}.png", out.getvalue(), content_type="image/png")


def _attach(obj, kind: str, seed: int) -> None:
    draw, alt = SCENES[kind]
    obj.image = _jpeg(draw(random.Random(seed)), kind)
    obj.image_alt = alt
    obj.save()


def logo_mark(size: int, primary=(11, 92, 171), second=(29, 107, 52)) -> Image.Image:
    """Two rings that overlap: business and the municipality meeting."""
    scale = 4
    big = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    s = size * scale
    width = max(2, s // 9)
    draw.ellipse([s * 0.04, s * 0.2, s * 0.64, s * 0.8], outline=(*primary, 255), width=width)
    draw.ellipse([s * 0.36, s * 0.2, s * 0.96, s * 0.8], outline=(*second, 255), width=width)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def seed_pictures(stdout=None) -> int:
    done = 0
    for index, (title, kind) in enumerate(PROJECTS.items()):
        project = Project.objects.filter(title=title, image="").first()
        if project:
            _attach(project, kind, 10 + index)
            done += 1
    for index, (title, kind) in enumerate(ENTRIES.items()):
        entry = Entry.objects.filter(title=title, image="").first()
        if entry:
            _attach(entry, kind, 20 + index)
            done += 1
    for index, (name, kind) in enumerate(MUNICIPALITIES.items()):
        municipality = Municipality.objects.filter(name=name, image="").first()
        if municipality:
            _attach(municipality, kind, 30 + index)
            done += 1
    for name, colour in COLOURS.items():
        Municipality.objects.filter(name=name, primary_colour="").update(primary_colour=colour)
    site = SiteSettings.load()
    if not site.logo:
        site.logo = _png(logo_mark(240), "logo")
        site.favicon = _png(logo_mark(256), "favicon")
        site.save()
        done += 1
    if stdout is not None and done:
        stdout.write(f"Demo pictures drawn: {done}.")
    return done
