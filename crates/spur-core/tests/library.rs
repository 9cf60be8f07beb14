//! The catalog library composes a catalog with a specialty's indicator set once and shares it:
//! a server or a regional overview resolves the same few pairs for every document.

use std::sync::Arc;

use spur_core::{Catalog, CatalogLibrary, IndicatorSet};

#[test]
fn a_composed_catalog_is_shared_between_resolutions_and_renewed_when_the_library_changes() {
    let mut library = CatalogLibrary::embedded();
    let first = library.resolve(None, None).catalog;
    let again = library.resolve(Some("allmänmedicin"), None).catalog;
    assert!(Arc::ptr_eq(&first, &again), "composed twice");
    assert!(first.indicator_set.is_some());
    assert_eq!(
        first.criteria().count(),
        Catalog::embedded().criteria().count()
    );

    // A new set may change what a specialty resolves to: nothing composed before is reused.
    library.add_set(IndicatorSet::embedded_allmanmedicin().clone());
    let after = library.resolve(None, None).catalog;
    assert!(!Arc::ptr_eq(&first, &after));
    assert_eq!(*first, *after);
}
