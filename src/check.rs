//! Checks on the final model, after profiles and overlays had their say: what is still unknown
//! is reported once, where it was documented.

use crate::diag::{Diagnostics, rules};
use crate::model::{Api, TypeRef};

/// Lists whose element type neither the page, its examples, a profile nor an overlay gave.
pub fn open_lists(api: &Api, diags: &mut Diagnostics) {
    api.for_each_field(&mut |field| {
        if matches!(&field.ty, TypeRef::List(e) if **e == TypeRef::Any) {
            diags.warning(
                &field.source,
                rules::LIST_ELEMENT_UNKNOWN,
                format!(
                    "the element type of the list `{}` is unknown: no fields are documented under it, no example shows an element, and no profile or overlay names it",
                    field.name
                ),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, NamedType, Source, TypeKind};

    #[test]
    fn an_open_list_in_a_named_type_is_reported_at_its_line() {
        let mut api = Api::default();
        let field = Field {
            name: "tags".into(),
            ty: TypeRef::List(Box::new(TypeRef::Any)),
            doc_type: "List".into(),
            required: false,
            description: None,
            valid_values: vec![],
            since: None,
            source: Source::new("p.txt", 7),
        };
        let mut closed = field.clone();
        closed.ty = TypeRef::List(Box::new(TypeRef::String));
        let kind = TypeKind::Object { fields: vec![field, closed] };
        api.types.insert("T".into(), NamedType::new("T", kind, Source::new("p.txt", 6)));
        let mut diags = Diagnostics::new();
        open_lists(&api, &mut diags);
        let found: Vec<_> = diags.iter().map(|d| (d.source.line, d.rule)).collect();
        assert_eq!(found, [(7, "list-element-unknown")]);
    }
}
