//! Reducing a `#rrggbb` colour to what the terminal has: the nearest of xterm's 256 colours, or
//! of the 16 ANSI colours.

/// The 16 ANSI colours as xterm draws them by default, in ANSI order (that of `COLOR_NAMES`).
const ANSI: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The ANSI colours without hue: black, gray, dark gray, white.
const GREYS: [u8; 4] = [0, 7, 8, 15];

/// The levels of each channel in xterm's 6×6×6 colour cube (indices 16–231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2) as u32;
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The nearest colour of xterm's cube and grey ramp; the first 16 are left out because
/// terminals redefine them.
pub fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    let level = |v: u8| {
        (0..6)
            .min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (r, g, b) = (level(rgb.0), level(rgb.1), level(rgb.2));
    let cube = (16 + 36 * r + 6 * g + b) as u8;
    let cube_rgb = (CUBE[r], CUBE[g], CUBE[b]);
    let mean = (u32::from(rgb.0) + u32::from(rgb.1) + u32::from(rgb.2)) / 3;
    let step = (mean.saturating_sub(3) / 10).min(23) as u8;
    let grey = 8 + 10 * step;
    if distance(rgb, (grey, grey, grey)) < distance(rgb, cube_rgb) {
        232 + step
    } else {
        cube
    }
}

/// The nearest ANSI colour that `allowed` lets through, a colour with hue going to a colour with
/// hue (euclidean distance alone turns teal and lavender grey). `None` if none is allowed.
pub fn nearest_16(rgb: (u8, u8, u8), allowed: impl Fn(u8) -> bool) -> Option<u8> {
    let (hi, lo) = (rgb.0.max(rgb.1).max(rgb.2), rgb.0.min(rgb.1).min(rgb.2));
    let chromatic = hi - lo >= 32;
    (0..16u8)
        .filter(|i| allowed(*i) && GREYS.contains(i) != chromatic)
        .min_by_key(|&i| distance(rgb, ANSI[usize::from(i)]))
        .or_else(|| {
            (0..16u8)
                .filter(|i| allowed(*i))
                .min_by_key(|&i| distance(rgb, ANSI[usize::from(i)]))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_goes_to_the_nearest_of_the_cube_or_the_grey_ramp() {
        assert_eq!(nearest_256((0xd7, 0x5f, 0x00)), 166);
        assert_eq!(nearest_256((0x5f, 0xaf, 0xaf)), 73);
        assert_eq!(nearest_256((0x30, 0x30, 0x30)), 236);
        assert_eq!(nearest_256((0x44, 0x44, 0x44)), 238);
        assert_eq!(nearest_256((0, 0, 0)), 16);
        assert_eq!(nearest_256((255, 255, 255)), 231);
        assert_eq!(nearest_256((0xd0, 0x10, 0x10)), 160);
    }

    #[test]
    fn sixteen_colours_keep_hue_and_honour_what_is_allowed() {
        let any = |_| true;
        assert_eq!(nearest_16((0xd7, 0x5f, 0x00), any), Some(1));
        assert_eq!(nearest_16((0x5f, 0xaf, 0xaf), any), Some(6));
        assert_eq!(nearest_16((0x30, 0x30, 0x30), any), Some(0));
        assert_eq!(nearest_16((0x30, 0x30, 0x30), |i| i != 0), Some(8));
        assert_eq!(nearest_16((0x5f, 0xaf, 0xaf), |i| i != 6), Some(12));
        assert_eq!(nearest_16((1, 2, 3), |_| false), None);
    }
}
