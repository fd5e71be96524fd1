package org.noticecascade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class NoticeCascadeApplication {

  public static void main(String[] args) {
    SpringApplication.run(NoticeCascadeApplication.class, args);
  }
}
