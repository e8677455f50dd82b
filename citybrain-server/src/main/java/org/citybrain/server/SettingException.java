package org.citybrain.server;

/**
 * A setting the server cannot start with, said in words that name the setting and what it needs
 * but never its value (a token, a password). The command that started the server reports the
 * message as it is.
 */
public final class SettingException extends IllegalArgumentException {
    public SettingException(String message) {
        super(message);
    }
}
