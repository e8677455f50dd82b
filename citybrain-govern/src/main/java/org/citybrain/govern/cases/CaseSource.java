package org.citybrain.govern.cases;

/** Where a case came from. */
public enum CaseSource {
    /** An early-warning alert, automatically. */
    ALERT,
    /** A citizen, through Open311. */
    CITIZEN,
    /** An inspector in the field. */
    INSPECTOR,
    /** An operator at the centre. */
    OPERATOR,
    /** Imported history (e.g. NYC 311). */
    IMPORT
}
