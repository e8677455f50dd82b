package org.citybrain.cli;

/** Input the user gave that cannot be used (a missing file, a directory where a file belongs); exit code 1. */
final class CliInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliInputException(String message) {
        super(message);
    }
}
