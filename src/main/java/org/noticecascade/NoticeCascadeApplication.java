package org.noticecascade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NoticeCascadeApplication {

  public static void main(String[] args) {
    SpringApplication.run(NoticeCascadeApplication.class, args);
  }
}
