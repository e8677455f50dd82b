package org.citybrain.cli;

/** Placeholder entry point until the CLI lands. */
public final class CityBrainCli {
    private CityBrainCli() {
    }

    public static void main(String[] args) {
        System.out.println("citybrain");
    }
}
