package io.cfgspace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CfgspaceApplication {

	public static void main(String[] args) {
		SpringApplication.run(CfgspaceApplication.class, args);
	}

}
