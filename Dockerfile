# The service image. Build the jar first: ./mvnw package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --system --home /app cfgspace
WORKDIR /app
COPY target/cfgspace.jar /app/cfgspace.jar
USER cfgspace
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/cfgspace.jar"]
