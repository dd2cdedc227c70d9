//! Typed attribute values, and the check of a written value against its type.

use super::schema::{Kind, Ty};
use super::NodeId;
use crate::diagnostic::Code;
use crate::suggest;
use crate::syntax::ast::{Value, ValueKind};

/// A checked attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Bool(bool),
    Number(f64),
    /// `min..max`; `max` is `None` for `min..N`.
    Range {
        min: f64,
        max: Option<f64>,
    },
    /// In seconds.
    Duration(f64),
    Text(String),
    Word(String),
    /// A resolved reference to a declaration.
    Ref(NodeId),
    Money(Money),
    List(Vec<AttrValue>),
}

impl AttrValue {
    /// The lowest count: a number, or the start of a range.
    pub fn min_count(&self) -> Option<f64> {
        match self {
            AttrValue::Number(n) => Some(*n),
            AttrValue::Range { min, .. } => Some(*min),
            _ => None,
        }
    }

    /// The words of a word or a list of words.
    pub fn words(&self) -> Vec<&str> {
        match self {
            AttrValue::Word(w) | AttrValue::Text(w) => vec![w.as_str()],
            AttrValue::List(items) => items.iter().flat_map(|i| i.words()).collect(),
            _ => Vec::new(),
        }
    }
}

/// An amount of money per period.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    pub amount: f64,
    /// An ISO code (`USD`, `EUR`) when the amount says one.
    pub currency: Option<String>,
    pub period: Period,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Year,
}

/// Why a value does not fit its type.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TypeError {
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl TypeError {
    fn wrong(ty: &Ty, found: &str) -> TypeError {
        TypeError {
            code: Code::WrongType,
            message: format!("expected {}, found {found}", ty.describe()),
            help: None,
        }
    }

    fn invalid(message: String, help: Option<String>) -> TypeError {
        TypeError {
            code: Code::InvalidValue,
            message,
            help,
        }
    }
}

/// A value as written, kept without a type (for attributes archc does not know).
pub(super) fn untyped(value: Option<&Value>) -> AttrValue {
    let Some(value) = value else {
        return AttrValue::Bool(true);
    };
    match &value.kind {
        ValueKind::Bool(b) => AttrValue::Bool(*b),
        ValueKind::Number(n) => AttrValue::Number(*n),
        ValueKind::Duration(d) => AttrValue::Duration(*d),
        ValueKind::Range(min, max) => AttrValue::Range {
            min: *min,
            max: *max,
        },
        ValueKind::Str(s) => AttrValue::Text(s.clone()),
        ValueKind::Word(w) => AttrValue::Word(w.clone()),
        ValueKind::List(items) => AttrValue::List(items.iter().map(|v| untyped(Some(v))).collect()),
    }
}

/// A reference inside a checked value, for the caller to resolve: the value holds the path
/// as a [`AttrValue::Word`] at `index` of a list (or as the whole value when `None`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RefSlot {
    pub index: Option<usize>,
    pub kinds: &'static [Kind],
}

/// Checks a written value (`None` for a bare flag) against a type; returns the value and
/// the references it holds.
pub(super) fn check(
    ty: &Ty,
    value: Option<&Value>,
) -> Result<(AttrValue, Vec<RefSlot>), TypeError> {
    let mut slots = Vec::new();
    let value = check_into(ty, value, None, &mut slots)?;
    Ok((value, slots))
}

fn check_into(
    ty: &Ty,
    value: Option<&Value>,
    index: Option<usize>,
    slots: &mut Vec<RefSlot>,
) -> Result<AttrValue, TypeError> {
    let Some(value) = value else {
        return match ty {
            Ty::Bool => Ok(AttrValue::Bool(true)),
            Ty::Either(tys) if tys.contains(&Ty::Bool) => Ok(AttrValue::Bool(true)),
            _ => Err(TypeError {
                code: Code::WrongType,
                message: format!("this attribute needs a value: {}", ty.describe()),
                help: None,
            }),
        };
    };
    let found = value.kind.describe();
    match (ty, &value.kind) {
        (Ty::Bool, ValueKind::Bool(b)) => Ok(AttrValue::Bool(*b)),
        (Ty::Number, ValueKind::Number(n)) => Ok(AttrValue::Number(*n)),
        (Ty::Count, ValueKind::Number(n)) => whole(*n).map(AttrValue::Number),
        (Ty::Count, ValueKind::Range(min, max)) => {
            let min = whole(*min)?;
            let max = max.map(whole).transpose()?;
            if let Some(max) = max {
                if max < min {
                    return Err(TypeError::invalid(
                        format!("the range {min}..{max} is empty: its end is below its start"),
                        Some(format!("write the smaller number first: `{max}..{min}`")),
                    ));
                }
            }
            Ok(AttrValue::Range { min, max })
        }
        (Ty::Duration, ValueKind::Duration(d)) => Ok(AttrValue::Duration(*d)),
        (Ty::Duration, ValueKind::Number(n)) => Err(TypeError {
            code: Code::WrongType,
            message: format!("expected {}, found a number without a unit", ty.describe()),
            help: Some(format!("add a unit: `{n}s`, `{n}min`")),
        }),
        (Ty::Text, ValueKind::Str(s)) => Ok(AttrValue::Text(s.clone())),
        (Ty::Word(words), ValueKind::Word(w)) => {
            if words.is_empty() || words.contains(&w.as_str()) {
                Ok(AttrValue::Word(w.clone()))
            } else {
                let help = match suggest::closest(w, words.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use {}", ty.describe()),
                };
                Err(TypeError::invalid(format!("`{w}` is not {}", ty.describe()), Some(help)))
            }
        }
        (Ty::Word(_), ValueKind::Str(s)) if is_word(s) => Err(TypeError {
            code: Code::WrongType,
            message: format!("expected {}, found a string", ty.describe()),
            help: Some(format!("write the word without quotes: `{s}`")),
        }),
        (Ty::Ref(kinds), ValueKind::Word(w)) => {
            slots.push(RefSlot { index, kinds });
            Ok(AttrValue::Word(w.clone()))
        }
        (Ty::Money, ValueKind::Number(n)) => Ok(AttrValue::Money(Money { amount: *n, currency: None, period: Period::Month })),
        (Ty::Money, ValueKind::Str(s)) => parse_money(s).map(AttrValue::Money).ok_or_else(|| {
            TypeError::invalid(
                format!("cannot read `{s}` as an amount of money"),
                Some("write an amount such as `0`, `\"$0\"`, `\"500 EUR/month\"` or `\"2k USD/month\"`".into()),
            )
        }),
        (Ty::List(inner), ValueKind::List(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| check_into(inner, Some(item), Some(i), slots))
            .collect::<Result<Vec<_>, _>>()
            .map(AttrValue::List),
        (Ty::List(inner), _) => check_into(inner, Some(value), Some(0), slots).map(|v| AttrValue::List(vec![v])),
        (Ty::Either(tys), _) => {
            let mut invalid = None;
            for ty in tys.iter() {
                let mut tried = Vec::new();
                match check_into(ty, Some(value), index, &mut tried) {
                    Ok(v) => {
                        slots.extend(tried);
                        return Ok(v);
                    }
                    Err(e) if e.code == Code::InvalidValue && invalid.is_none() => invalid = Some(e),
                    Err(_) => {}
                }
            }
            Err(invalid.unwrap_or_else(|| TypeError::wrong(ty, found)))
        }
        _ => Err(TypeError::wrong(ty, found)),
    }
}

fn whole(n: f64) -> Result<f64, TypeError> {
    if n.fract() == 0.0 {
        Ok(n)
    } else {
        Err(TypeError::invalid(
            format!("a count is a whole number, not {n}"),
            None,
        ))
    }
}

fn is_word(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// Reads `"$0"`, `"500 EUR/month"`, `"2k USD per year"`, `"1,200 €"`.
pub(crate) fn parse_money(text: &str) -> Option<Money> {
    let mut rest = text.trim();
    let mut currency = None;
    for (symbol, code) in [("$", "USD"), ("€", "EUR"), ("£", "GBP")] {
        if let Some(r) = rest.strip_prefix(symbol) {
            currency = Some(code.to_owned());
            rest = r.trim_start();
        }
    }
    let digits_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    let cleaned: String = rest[..digits_end]
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut amount: f64 = cleaned.parse().ok()?;
    rest = &rest[digits_end..];
    if let Some(r) = rest.strip_prefix(['k', 'K']) {
        amount *= 1e3;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('M') {
        amount *= 1e6;
        rest = r;
    }
    rest = rest.trim_start();
    for (symbol, code) in [("$", "USD"), ("€", "EUR"), ("£", "GBP")] {
        if let Some(r) = rest.strip_prefix(symbol) {
            currency = Some(code.to_owned());
            rest = r.trim_start();
        }
    }
    let code_len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    if code_len == 3 {
        currency = Some(rest[..3].to_ascii_uppercase());
        rest = rest[3..].trim_start();
    }
    let period = match rest.to_ascii_lowercase().as_str() {
        "" | "/month" | "/mo" | "per month" | "a month" | "monthly" => Period::Month,
        "/year" | "/yr" | "per year" | "a year" | "yearly" => Period::Year,
        _ => return None,
    };
    Some(Money {
        amount,
        currency,
        period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_forms() {
        let m = parse_money("500 EUR/month").unwrap();
        assert_eq!(
            (m.amount, m.currency.as_deref(), m.period),
            (500.0, Some("EUR"), Period::Month)
        );
        let m = parse_money("$0").unwrap();
        assert_eq!((m.amount, m.currency.as_deref()), (0.0, Some("USD")));
        let m = parse_money("2k USD per year").unwrap();
        assert_eq!((m.amount, m.period), (2000.0, Period::Year));
        let m = parse_money("1,200 €").unwrap();
        assert_eq!((m.amount, m.currency.as_deref()), (1200.0, Some("EUR")));
        assert!(parse_money("no limit").is_none());
        assert!(parse_money("500 EUR/fortnight").is_none());
    }
}
