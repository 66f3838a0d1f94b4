# SPDX-License-Identifier: GPL-2.0
"""svgplot: a small SVG writer for the benchmark report (python3 stdlib).

A figure holds panels side by side; each panel has linear or log axes,
ticks, a title, a legend and series drawn as polylines, steps, points or
bars. Data is clipped to the panel's frame. Plain SVG 1.1: the files open
in any browser and in Markdown viewers that show images.
"""
import math
from xml.sax.saxutils import escape

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
           "#8c564b", "#e377c2", "#17becf"]


def nice_ticks(lo, hi, n=5):
    """About n round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw),
               default=10 * mag)
    first = math.ceil(lo / step - 1e-9) * step
    ticks, v = [], first
    while v <= hi + step * 1e-6:
        ticks.append(round(v, 12))
        v += step
    return ticks


def fmt_tick(v):
    if v == 0:
        return "0"
    if abs(v) >= 1e4 or abs(v) < 1e-3:
        return f"{v:.0e}".replace("e+0", "e").replace("e-0", "e-")
    return f"{v:g}"


class Panel:
    def __init__(self, title, xlabel, ylabel, xlim, ylim, logx=False,
                 logy=False):
        self.title, self.xlabel, self.ylabel = title, xlabel, ylabel
        self.xlim, self.ylim = xlim, ylim
        self.logx, self.logy = logx, logy
        self.items = []      # SVG fragments in data coordinates, deferred
        self.legend = []     # (label, color, dash, kind)

    def _tx(self, v):
        return math.log10(v) if self.logx else v

    def _ty(self, v):
        return math.log10(v) if self.logy else v

    def line(self, xs, ys, label=None, color=None, dash=None, width=1.6,
             step=False, markers=False):
        color = color or PALETTE[len(self.legend) % len(PALETTE)]
        pts = [(x, y) for x, y in zip(xs, ys)
               if not (self.logx and x <= 0) and not (self.logy and y <= 0)]
        if step and pts:
            st = []
            for i, (x, y) in enumerate(pts):
                if i:
                    st.append((x, pts[i - 1][1]))
                st.append((x, y))
            pts = st
        self.items.append(("line", pts, color, dash, width, markers))
        if label:
            self.legend.append((label, color, dash, "line"))

    def points(self, xs, ys, label=None, color=None, r=2.2):
        color = color or PALETTE[len(self.legend) % len(PALETTE)]
        self.items.append(("points", list(zip(xs, ys)), color, r))
        if label:
            self.legend.append((label, color, None, "point"))

    def bars(self, xs, ys, width, label=None, color=None):
        color = color or PALETTE[len(self.legend) % len(PALETTE)]
        self.items.append(("bars", list(zip(xs, ys)), color, width))
        if label:
            self.legend.append((label, color, None, "bar"))

    def hline(self, y, color="#555", dash="4,3", label=None):
        self.items.append(("line", [(self.xlim[0], y), (self.xlim[1], y)],
                           color, dash, 1.0, False))
        if label:
            self.legend.append((label, color, dash, "line"))

    def render(self, ox, oy, w, h, clip_id, xticklabels=None):
        x0, x1 = self._tx(self.xlim[0]), self._tx(self.xlim[1])
        y0, y1 = self._ty(self.ylim[0]), self._ty(self.ylim[1])

        def px(v):
            return ox + (self._tx(v) - x0) / (x1 - x0) * w

        def py(v):
            return oy + h - (self._ty(v) - y0) / (y1 - y0) * h

        out = [f'<defs><clipPath id="c{clip_id}"><rect x="{ox:.1f}" '
               f'y="{oy:.1f}" width="{w:.1f}" height="{h:.1f}"/></clipPath>'
               '</defs>']
        out.append(f'<rect x="{ox:.1f}" y="{oy:.1f}" width="{w:.1f}" '
                   f'height="{h:.1f}" fill="none" stroke="#333"/>')
        # Ticks and grid.
        if self.logx:
            xt = [10 ** e for e in range(math.floor(x0), math.ceil(x1) + 1)
                  if x0 - 1e-9 <= e <= x1 + 1e-9]
        else:
            xt = nice_ticks(self.xlim[0], self.xlim[1])
        if self.logy:
            yt = [10 ** e for e in range(math.floor(y0), math.ceil(y1) + 1)
                  if y0 - 1e-9 <= e <= y1 + 1e-9]
        else:
            yt = nice_ticks(self.ylim[0], self.ylim[1])
        if xticklabels is None:
            for v in xt:
                if not self.xlim[0] <= v <= self.xlim[1]:
                    continue
                X = px(v)
                out.append(f'<line x1="{X:.1f}" y1="{oy:.1f}" x2="{X:.1f}" '
                           f'y2="{oy + h:.1f}" stroke="#ddd"/>')
                out.append(f'<text x="{X:.1f}" y="{oy + h + 14:.1f}" '
                           f'font-size="11" text-anchor="middle">'
                           f'{fmt_tick(v)}</text>')
        else:
            for v, lab in xticklabels:
                X = px(v)
                out.append(f'<text x="{X:.1f}" y="{oy + h + 14:.1f}" '
                           f'font-size="11" text-anchor="middle">'
                           f'{escape(lab)}</text>')
        for v in yt:
            if not self.ylim[0] <= v <= self.ylim[1]:
                continue
            Y = py(v)
            out.append(f'<line x1="{ox:.1f}" y1="{Y:.1f}" x2="{ox + w:.1f}" '
                       f'y2="{Y:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{ox - 4:.1f}" y="{Y + 4:.1f}" '
                       f'font-size="11" text-anchor="end">{fmt_tick(v)}'
                       '</text>')
        out.append(f'<text x="{ox + w / 2:.1f}" y="{oy - 8:.1f}" '
                   f'font-size="13" text-anchor="middle" '
                   f'font-weight="bold">{escape(self.title)}</text>')
        out.append(f'<text x="{ox + w / 2:.1f}" y="{oy + h + 32:.1f}" '
                   f'font-size="12" text-anchor="middle">'
                   f'{escape(self.xlabel)}</text>')
        out.append(f'<text transform="translate({ox - 42:.1f},'
                   f'{oy + h / 2:.1f}) rotate(-90)" font-size="12" '
                   f'text-anchor="middle">{escape(self.ylabel)}</text>')
        # Data.
        out.append(f'<g clip-path="url(#c{clip_id})">')
        for it in self.items:
            if it[0] == "line":
                _, pts, color, dash, width, markers = it
                if len(pts) >= 2:
                    d = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
                    da = f' stroke-dasharray="{dash}"' if dash else ""
                    out.append(f'<polyline points="{d}" fill="none" '
                               f'stroke="{color}" stroke-width="{width}"'
                               f'{da}/>')
                if markers:
                    for x, y in pts:
                        out.append(f'<circle cx="{px(x):.1f}" '
                                   f'cy="{py(y):.1f}" r="2.5" '
                                   f'fill="{color}"/>')
            elif it[0] == "points":
                _, pts, color, r = it
                for x, y in pts:
                    if (self.logx and x <= 0) or (self.logy and y <= 0):
                        continue
                    out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" '
                               f'r="{r}" fill="{color}" '
                               'fill-opacity="0.6"/>')
            elif it[0] == "bars":
                _, pts, color, bw = it
                base = self.ylim[0]
                for x, y in pts:
                    X0, X1 = px(x - bw / 2), px(x + bw / 2)
                    Y0, Y1 = py(max(y, base)), py(base)
                    out.append(f'<rect x="{X0:.1f}" y="{Y0:.1f}" '
                               f'width="{X1 - X0:.1f}" '
                               f'height="{max(Y1 - Y0, 0):.1f}" '
                               f'fill="{color}"/>')
        out.append("</g>")
        # Legend, top left inside the frame.
        ly = oy + 14
        for label, color, dash, kind in self.legend:
            if kind == "line":
                da = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(f'<line x1="{ox + 8:.1f}" y1="{ly - 4:.1f}" '
                           f'x2="{ox + 30:.1f}" y2="{ly - 4:.1f}" '
                           f'stroke="{color}" stroke-width="2"{da}/>')
            else:
                out.append(f'<rect x="{ox + 12:.1f}" y="{ly - 9:.1f}" '
                           f'width="10" height="10" fill="{color}"/>')
            out.append(f'<text x="{ox + 35:.1f}" y="{ly:.1f}" '
                       f'font-size="11">{escape(label)}</text>')
            ly += 15
        return out


class Figure:
    """Panels in a row (or a grid of @cols), one SVG file."""

    def __init__(self, title, cols=3, pw=330, ph=240):
        self.title, self.cols, self.pw, self.ph = title, cols, pw, ph
        self.panels = []

    def panel(self, *args, **kw):
        p = Panel(*args, **kw)
        self.panels.append(p)
        return p

    def save(self, path, xticklabels=None):
        cols = min(self.cols, max(len(self.panels), 1))
        rows = (len(self.panels) + cols - 1) // cols
        mx, my = 70, 60
        W = cols * (self.pw + mx) + 20
        H = rows * (self.ph + my + 30) + 30
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
               f'width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
               'font-family="sans-serif">',
               f'<title>{escape(self.title)}</title>',
               '<rect width="100%" height="100%" fill="white"/>',
               f'<text x="{W / 2:.1f}" y="20" font-size="14" '
               f'text-anchor="middle">{escape(self.title)}</text>']
        for i, p in enumerate(self.panels):
            r, c = divmod(i, cols)
            ox = 20 + c * (self.pw + mx) + mx - 10
            oy = 30 + r * (self.ph + my + 30) + 30
            out += p.render(ox, oy, self.pw, self.ph, i,
                            xticklabels[i] if xticklabels else None)
        out.append("</svg>")
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")
