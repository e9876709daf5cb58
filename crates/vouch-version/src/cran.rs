//! R package versions (CRAN, Bioconductor), as R's `package_version` reads and orders them
//! (<https://stat.ethz.ch/R-manual/R-devel/library/base/html/numeric_version.html>): at least
//! two non-negative integers separated by `.` or `-`, compared as integer lists.

use crate::num::{Num, is_digits};

/// The integers of an R package version, compared left to right; a version that runs out
/// first is the smaller (`1.0 < 1.0.0`), as R orders `package_version` objects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key(Vec<Num>);

/// Parses an R package version: R's `package_version` accepts exactly
/// `([[:digit:]]+[.-]){1,}[[:digit:]]+`, and so do we. R reads each number as a 32-bit integer
/// (a larger one becomes `NA`); we compare numbers of any length instead.
pub(crate) fn parse(text: &str) -> Result<Key, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    let numbers = text
        .split(['.', '-'])
        .map(|n| {
            if is_digits(n) {
                Ok(Num::from_digits(n))
            } else if n.is_empty() {
                Err("it has an empty number (two separators in a row, or one at an end)".to_owned())
            } else {
                Err(format!("`{n}` is not a number"))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    if numbers.len() < 2 {
        return Err("a package version has at least two numbers, separated by `.` or `-`".into());
    }
    Ok(Key(numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_dash_are_the_same_separator() {
        assert_eq!(parse("1.2-3").unwrap(), parse("1-2.3").unwrap());
        assert_eq!(parse("01.002").unwrap(), parse("1.2").unwrap());
        assert!(parse("1.0").unwrap() < parse("1.0.0").unwrap());
        assert!(parse("1").is_err() && parse("1..2").is_err() && parse("1.2a").is_err());
    }
}
