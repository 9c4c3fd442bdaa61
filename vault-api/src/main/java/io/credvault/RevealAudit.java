package io.credvault;

/** How reveals are journaled. */
public enum RevealAudit {
    /**
     * Default: reveal entries are queued and written in batches by a background thread, at least every
     * {@code revealFlushInterval} (default 1 s). A crash loses at most the entries of that window.
     */
    WRITE_BEHIND,
    /** Each reveal writes its entry in its own transaction before returning. Nothing is lost; reveals are slower. */
    STRICT
}
