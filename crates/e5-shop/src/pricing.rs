//! Price computation, free of I/O so that every rule is tested on worked examples.
//!
//! The rules (documented for teachers in `docs/pricing.md`):
//! 1. A product's regular price TTC is its price HT (plus the combination's impact) with tax,
//!    rounded to the cent.
//! 2. Of the catalogue reductions that apply (specific prices and catalogue price rules, for
//!    the customer's group, on the date), the one giving the lowest price is taken; reductions
//!    do not add up. A percentage applies to the TTC price; an amount is TTC. Who and what a
//!    reduction is for (combination, group, customer, minimum quantity) is [`Target`].
//! 3. The customer group's reduction then applies on top, as a percentage.
//! 4. Cart rules apply to the cart: see [`apply_cart_rules`].

use e5_domain::Money;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reduction {
    Percent(f64),
    Amount(i64),
}

impl Reduction {
    fn apply(self, ttc: i64) -> i64 {
        match self {
            Reduction::Percent(p) => ttc - Money(ttc).percent(p).cents(),
            Reduction::Amount(a) => (ttc - a).max(0),
        }
    }

    pub fn label(self) -> String {
        match self {
            Reduction::Percent(p) => format!("-{}\u{a0}%", trim_float(p)),
            Reduction::Amount(a) => format!("-{}", Money(a)),
        }
    }
}

pub fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}").replace('.', ",")
    }
}

/// What a catalogue reduction is restricted to; `None` (or a minimum of 1) restricts nothing.
/// PrestaShop's "Prix spécifiques": a combination of the product, the customer's group (their
/// default group, the one that sets their prices), one customer, a minimum quantity in the
/// cart. Every restriction set must hold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Target {
    pub combination_id: Option<i64>,
    pub group_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub from_quantity: i64,
}

/// The unit being priced: which combination, for whom, how many in the cart (1 on pages).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Buying {
    pub combination_id: Option<i64>,
    pub group_id: i64,
    pub customer_id: Option<i64>,
    pub quantity: i64,
}

impl Target {
    pub fn applies_to(&self, b: &Buying) -> bool {
        self.combination_id
            .is_none_or(|c| Some(c) == b.combination_id)
            && self.group_id.is_none_or(|g| g == b.group_id)
            && self.customer_id.is_none_or(|c| Some(c) == b.customer_id)
            && b.quantity >= self.from_quantity.max(1)
    }
}

/// The price of one unit as the storefront shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitPrice {
    pub regular_ttc: i64,
    /// The regular price without tax, for customers who see prices HT.
    pub regular_ht: i64,
    pub ttc: i64,
    pub ht: i64,
    pub discount_label: Option<String>,
}

impl UnitPrice {
    pub fn is_discounted(&self) -> bool {
        self.ttc < self.regular_ttc
    }
}

pub fn unit_price(
    base_ht: i64,
    tax_rate: f64,
    catalogue: &[Reduction],
    group_percent: f64,
) -> UnitPrice {
    let regular_ttc = Money(base_ht).with_tax(tax_rate).cents();
    let best = catalogue
        .iter()
        .copied()
        .min_by_key(|r| r.apply(regular_ttc));
    let mut ttc = best.map_or(regular_ttc, |r| r.apply(regular_ttc));
    if group_percent > 0.0 {
        ttc = Reduction::Percent(group_percent).apply(ttc);
    }
    let discount_label = match (best, group_percent > 0.0) {
        (Some(r), _) => Some(r.label()),
        (None, true) => Some(Reduction::Percent(group_percent).label()),
        (None, false) => None,
    };
    UnitPrice {
        regular_ttc,
        regular_ht: Money(regular_ttc).without_tax(tax_rate).cents(),
        ttc,
        ht: Money(ttc).without_tax(tax_rate).cents(),
        discount_label,
    }
}

/// A cart line as the cart-rule engine sees it.
#[derive(Debug, Clone)]
pub struct RuleLine {
    pub product_id: i64,
    pub category_ids: Vec<i64>,
    pub brand_id: Option<i64>,
    pub quantity: i64,
    pub unit_ttc: i64,
    pub discounted: bool,
}

impl RuleLine {
    fn total(&self) -> i64 {
        self.unit_ttc * self.quantity
    }
}

/// A cart rule with its restrictions, loaded from `cart_rule` and `cart_rule_restriction`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CartRule {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub active: i64,
    pub minimum_amount_cents: i64,
    pub quantity: i64,
    pub quantity_per_customer: i64,
    pub customer_id: Option<i64>,
    pub exclude_discounted: i64,
    pub combinable: i64,
    pub free_shipping: i64,
    pub reduction_percent: f64,
    pub reduction_cents: i64,
    pub reduction_product_id: Option<i64>,
    /// One unit of this product is offered while the rule applies: the cart commands put it in
    /// the cart as a separate line at 0 € and take it out when the rule stops applying.
    pub gift_product_id: Option<i64>,
    #[sqlx(skip)]
    pub restrictions: Vec<(String, i64)>,
}

impl CartRule {
    fn restricted(&self, kind: &str) -> Vec<i64> {
        self.restrictions
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, id)| *id)
            .collect()
    }

    /// Whether a line counts for this rule's product, category and brand restrictions.
    fn covers(&self, line: &RuleLine) -> bool {
        let products = self.restricted("product");
        let categories = self.restricted("category");
        let brands = self.restricted("brand");
        let any = products.is_empty() && categories.is_empty() && brands.is_empty();
        any || products.contains(&line.product_id)
            || line.category_ids.iter().any(|c| categories.contains(c))
            || line.brand_id.is_some_and(|b| brands.contains(&b))
    }

    fn eligible_total(&self, lines: &[RuleLine]) -> i64 {
        lines
            .iter()
            .filter(|l| self.covers(l))
            .filter(|l| self.exclude_discounted == 0 || !l.discounted)
            .filter(|l| self.reduction_product_id.is_none_or(|p| p == l.product_id))
            .map(RuleLine::total)
            .sum()
    }

    /// A short French description of what the rule gives ("-10 %, livraison offerte").
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.reduction_percent > 0.0 {
            parts.push(Reduction::Percent(self.reduction_percent).label());
        }
        if self.reduction_cents > 0 {
            parts.push(Reduction::Amount(self.reduction_cents).label());
        }
        if self.free_shipping != 0 {
            parts.push("livraison offerte".to_owned());
        }
        if self.gift_product_id.is_some() {
            parts.push("un produit offert".to_owned());
        }
        parts.join(", ")
    }
}

/// What the cart knows about who is buying, when and how.
#[derive(Debug, Clone, Default)]
pub struct RuleContext {
    pub now: String,
    pub customer_id: Option<i64>,
    pub group_ids: Vec<i64>,
    pub carrier_id: Option<i64>,
    /// Orders this customer already placed with the rule.
    pub uses_by_customer: i64,
}

/// Why a cart rule cannot be used, in the words the shopper reads.
pub fn check_rule(
    rule: &CartRule,
    lines: &[RuleLine],
    ctx: &RuleContext,
    others: &[CartRule],
) -> Result<(), String> {
    if rule.active == 0 {
        return Err("Ce bon de réduction n'est pas actif.".into());
    }
    if ctx.now.as_str() < rule.starts_at.as_str() {
        return Err("Ce bon de réduction n'est pas encore valable.".into());
    }
    if ctx.now.as_str() > rule.ends_at.as_str() {
        return Err("Ce bon de réduction a expiré.".into());
    }
    if rule.quantity <= 0 {
        return Err("Ce bon de réduction a déjà été utilisé le nombre de fois prévu.".into());
    }
    if let Some(only) = rule.customer_id
        && ctx.customer_id != Some(only)
    {
        return Err(
            "Ce bon de réduction est réservé à un autre client. Connectez-vous à votre compte."
                .into(),
        );
    }
    if ctx.uses_by_customer >= rule.quantity_per_customer {
        return Err(
            "Vous avez déjà utilisé ce bon de réduction le nombre de fois autorisé.".into(),
        );
    }
    let groups = rule.restricted("group");
    if !groups.is_empty() && !ctx.group_ids.iter().any(|g| groups.contains(g)) {
        return Err("Ce bon de réduction est réservé à certains groupes de clients.".into());
    }
    let carriers = rule.restricted("carrier");
    if !carriers.is_empty() && ctx.carrier_id.is_some_and(|c| !carriers.contains(&c)) {
        return Err("Ce bon de réduction n'est pas valable avec le transporteur choisi.".into());
    }
    let products_total: i64 = lines.iter().map(RuleLine::total).sum();
    if products_total < rule.minimum_amount_cents {
        return Err(format!(
            "Le montant minimum pour utiliser ce bon est de {} TTC.",
            Money(rule.minimum_amount_cents)
        ));
    }
    if !lines.iter().any(|l| rule.covers(l)) {
        return Err("Aucun article du panier n'est concerné par ce bon de réduction.".into());
    }
    let wants_reduction = rule.reduction_percent > 0.0 || rule.reduction_cents > 0;
    if wants_reduction && rule.free_shipping == 0 && rule.eligible_total(lines) == 0 {
        return Err(
            "Les articles du panier sont déjà en promotion : ce bon ne s'y applique pas.".into(),
        );
    }
    let others: Vec<&CartRule> = others.iter().filter(|o| o.id != rule.id).collect();
    if !others.is_empty() && (rule.combinable == 0 || others.iter().any(|o| o.combinable == 0)) {
        return Err("Ce bon de réduction ne peut pas être cumulé avec un autre bon.".into());
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppliedRule {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    pub value: i64,
    pub free_shipping: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CartTotals {
    pub products: i64,
    pub discounts: i64,
    pub shipping: i64,
    pub total: i64,
    pub total_ht: i64,
    pub tax: i64,
    pub rules: Vec<AppliedRule>,
}

/// Applies cart rules (already checked) to the products total and shipping. Percentages
/// apply to the eligible lines (restrictions, already-discounted products excluded when the
/// rule says so); amounts are capped at the eligible total; the total never goes below zero.
/// `free_threshold` offers shipping when products minus discounts reach it.
pub fn apply_cart_rules(
    lines: &[RuleLine],
    rules: &[CartRule],
    shipping: i64,
    free_threshold: Option<i64>,
    tax_rate: f64,
) -> CartTotals {
    let products: i64 = lines.iter().map(RuleLine::total).sum();
    let mut remaining = products;
    let mut applied = Vec::new();
    let mut free_shipping = false;
    for rule in rules {
        let eligible = rule.eligible_total(lines);
        let mut value = 0;
        if rule.reduction_percent > 0.0 {
            value += Money(eligible).percent(rule.reduction_percent).cents();
        }
        if rule.reduction_cents > 0 {
            value += rule.reduction_cents.min(eligible);
        }
        // A gift is not a discount: it is its own cart line at 0 € (`cart_gift`), kept out of
        // `lines` so that it neither counts towards minimums nor pays for itself.
        value = value.min(remaining);
        remaining -= value;
        free_shipping |= rule.free_shipping != 0;
        applied.push(AppliedRule {
            id: rule.id,
            name: rule.name.clone(),
            code: rule.code.clone(),
            value,
            free_shipping: rule.free_shipping != 0,
        });
    }
    let discounts = products - remaining;
    let shipping = if free_shipping || free_threshold.is_some_and(|t| remaining >= t) {
        0
    } else {
        shipping
    };
    let total = remaining + shipping;
    let total_ht = Money(total).without_tax(tax_rate).cents();
    CartTotals {
        products,
        discounts,
        shipping,
        total,
        total_ht,
        tax: total - total_ht,
        rules: applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product_id: i64, unit_ttc: i64, quantity: i64, discounted: bool) -> RuleLine {
        RuleLine {
            product_id,
            category_ids: vec![10],
            brand_id: Some(1),
            quantity,
            unit_ttc,
            discounted,
        }
    }

    fn rule(id: i64) -> CartRule {
        CartRule {
            id,
            name: format!("Règle {id}"),
            code: Some(format!("CODE{id}")),
            starts_at: "2026-01-01 00:00:00".into(),
            ends_at: "2027-12-31 23:59:59".into(),
            active: 1,
            minimum_amount_cents: 0,
            quantity: 30,
            quantity_per_customer: 1,
            customer_id: None,
            exclude_discounted: 0,
            combinable: 1,
            free_shipping: 0,
            reduction_percent: 0.0,
            reduction_cents: 0,
            reduction_product_id: None,
            gift_product_id: None,
            restrictions: vec![],
        }
    }

    fn ctx() -> RuleContext {
        RuleContext {
            now: "2026-11-27 10:00:00".into(),
            customer_id: Some(5),
            group_ids: vec![3],
            ..Default::default()
        }
    }

    #[test]
    fn the_best_catalogue_reduction_wins_and_the_group_reduction_adds_on_top() {
        // 41,58 € HT at 20 % = 49,90 € TTC; -10 % = 44,91 €; -5 € = 44,90 €: the amount wins.
        let p = unit_price(
            4158,
            20.0,
            &[Reduction::Percent(10.0), Reduction::Amount(500)],
            0.0,
        );
        assert_eq!((p.regular_ttc, p.ttc), (4990, 4490));
        assert_eq!(p.discount_label.as_deref(), Some("-5,00\u{a0}€"));
        let pro = unit_price(4158, 20.0, &[], 10.0);
        assert_eq!(pro.ttc, 4491);
        assert_eq!(pro.ht, 3743);
    }

    #[test]
    fn five_percent_once_per_customer_excluding_discounted_products() {
        // The worked example of the exam: 5 % code, once per customer, first 30 uses,
        // not on products already on sale.
        let mut r = rule(1);
        r.reduction_percent = 5.0;
        r.exclude_discounted = 1;
        let lines = [line(1, 4990, 2, false), line(2, 2990, 1, true)];
        assert_eq!(check_rule(&r, &lines, &ctx(), &[]), Ok(()));
        let totals = apply_cart_rules(&lines, std::slice::from_ref(&r), 690, Some(6900), 20.0);
        assert_eq!(totals.products, 12970);
        assert_eq!(totals.discounts, 499); // 5 % of 99,80 €, not of the discounted line
        assert_eq!(totals.shipping, 0); // 124,71 € is over the free-shipping threshold
        assert_eq!(totals.total, 12471);

        let used = RuleContext {
            uses_by_customer: 1,
            ..ctx()
        };
        assert!(
            check_rule(&r, &lines, &used, &[])
                .unwrap_err()
                .contains("déjà utilisé")
        );
        r.quantity = 0;
        assert!(check_rule(&r, &lines, &ctx(), &[]).is_err());
    }

    #[test]
    fn a_rule_on_discounted_products_only_is_refused_with_a_reason() {
        let mut r = rule(1);
        r.reduction_percent = 5.0;
        r.exclude_discounted = 1;
        let err = check_rule(&r, &[line(2, 2990, 1, true)], &ctx(), &[]).unwrap_err();
        assert!(err.contains("déjà en promotion"), "{err}");
    }

    #[test]
    fn minimum_amount_dates_groups_and_combination_are_enforced() {
        let mut r = rule(1);
        r.reduction_cents = 1000;
        r.minimum_amount_cents = 5000;
        let lines = [line(1, 2990, 1, false)];
        assert!(
            check_rule(&r, &lines, &ctx(), &[])
                .unwrap_err()
                .contains("minimum")
        );
        r.minimum_amount_cents = 0;
        r.ends_at = "2026-01-31 23:59:59".into();
        assert!(
            check_rule(&r, &lines, &ctx(), &[])
                .unwrap_err()
                .contains("expiré")
        );
        r.ends_at = "2027-01-31 23:59:59".into();
        r.restrictions = vec![("group".into(), 4)];
        assert!(
            check_rule(&r, &lines, &ctx(), &[])
                .unwrap_err()
                .contains("groupes")
        );
        r.restrictions.clear();
        let mut other = rule(2);
        other.combinable = 0;
        assert!(
            check_rule(&r, &lines, &ctx(), &[other])
                .unwrap_err()
                .contains("cumulé")
        );
    }

    #[test]
    fn an_amount_is_capped_and_free_shipping_zeroes_the_carrier_price() {
        let mut r = rule(1);
        r.reduction_cents = 5000;
        r.free_shipping = 1;
        let lines = [line(1, 2990, 1, false)];
        let totals = apply_cart_rules(&lines, &[r], 690, Some(6900), 20.0);
        assert_eq!(
            (totals.discounts, totals.shipping, totals.total),
            (2990, 0, 0)
        );
    }

    #[test]
    fn a_gift_rule_is_valid_on_the_paid_lines_and_takes_nothing_off_them() {
        // The gift itself is a separate 0 € line, not among the rule lines.
        let mut r = rule(7);
        r.code = None;
        r.gift_product_id = Some(3);
        r.minimum_amount_cents = 5000;
        let lines = vec![line(1, 4990, 1, false)];
        assert!(check_rule(&r, &lines, &ctx(), &[]).is_err());
        let lines = vec![line(1, 4990, 2, false)];
        assert_eq!(check_rule(&r, &lines, &ctx(), &[]), Ok(()));
        let totals = apply_cart_rules(&lines, &[r], 690, None, 20.0);
        assert_eq!((totals.products, totals.discounts), (9980, 0));
        assert_eq!(totals.total, 9980 + 690);
    }

    fn buying(quantity: i64) -> Buying {
        Buying {
            combination_id: Some(11),
            group_id: 3,
            customer_id: Some(5),
            quantity,
        }
    }

    #[test]
    fn a_specific_price_without_restriction_applies_to_everyone() {
        let t = Target::default();
        assert!(t.applies_to(&buying(1)));
        let visitor = Buying {
            combination_id: None,
            group_id: 1,
            customer_id: None,
            quantity: 1,
        };
        assert!(t.applies_to(&visitor));
    }

    #[test]
    fn a_specific_price_for_a_group_applies_only_to_its_customers() {
        let pros = Target {
            group_id: Some(3),
            ..Target::default()
        };
        assert!(pros.applies_to(&buying(1)));
        let other = Buying {
            group_id: 2,
            ..buying(1)
        };
        assert!(!pros.applies_to(&other));
    }

    #[test]
    fn a_specific_price_for_a_customer_or_a_combination_applies_only_to_them() {
        let one = Target {
            customer_id: Some(5),
            ..Target::default()
        };
        assert!(one.applies_to(&buying(1)));
        assert!(!one.applies_to(&Buying {
            customer_id: Some(6),
            ..buying(1)
        }));
        assert!(!one.applies_to(&Buying {
            customer_id: None,
            ..buying(1)
        }));
        let size = Target {
            combination_id: Some(11),
            ..Target::default()
        };
        assert!(size.applies_to(&buying(1)));
        assert!(!size.applies_to(&Buying {
            combination_id: Some(12),
            ..buying(1)
        }));
    }

    #[test]
    fn a_quantity_price_applies_from_its_minimum_in_the_cart() {
        // "−10 % dès 3 unités": 49,90 € each for 2, 44,91 € each for 3.
        let bulk = Target {
            from_quantity: 3,
            ..Target::default()
        };
        assert!(!bulk.applies_to(&buying(2)));
        assert!(bulk.applies_to(&buying(3)));
        let reductions: Vec<Reduction> = [(bulk, Reduction::Percent(10.0))]
            .iter()
            .filter(|(t, _)| t.applies_to(&buying(3)))
            .map(|(_, r)| *r)
            .collect();
        assert_eq!(unit_price(4158, 20.0, &reductions, 0.0).ttc, 4491);
    }

    #[test]
    fn shipping_is_charged_under_the_threshold() {
        let totals = apply_cart_rules(&[line(1, 2990, 1, false)], &[], 690, Some(6900), 20.0);
        assert_eq!((totals.shipping, totals.total), (690, 3680));
        assert_eq!(totals.total_ht + totals.tax, totals.total);
    }
}
