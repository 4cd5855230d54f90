package dev.mercato;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts Mercato: one service holding every business module on one double-entry ledger. */
@SpringBootApplication
public class MercatoApplication {

    public static void main(String[] args) {
        SpringApplication.run(MercatoApplication.class, args);
    }
}
