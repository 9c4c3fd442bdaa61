package io.credvault;

import io.credvault.internal.Text;

/**
 * The owner a credential belongs to: a user, workspace or tenant id of the host application.
 * One to 255 characters, no control characters.
 */
public record OwnerId(String value) {
    public static final int MAX_LENGTH = 255;

    public OwnerId {
        Text.requireLine("owner", value, MAX_LENGTH);
    }

    public static OwnerId of(String value) {
        return new OwnerId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
