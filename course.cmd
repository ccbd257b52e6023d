@echo off
rem The course tool's launcher for Windows: course ^<command^> (course --help lists them).
rem It rebuilds the tool with the Maven wrapper every time (quick when nothing changed), then runs
rem it with the class path that build wrote to course-tool\target\classpath.txt.
setlocal
set "ROOT=%~dp0"
pushd "%ROOT%"
call mvnw.cmd -q -B -DskipTests -pl course-tool -am package 1>&2
if errorlevel 1 (
  popd
  echo error: building the course tool failed ^(see the Maven output above^); fix it, or run: 1>&2
  echo   mvnw.cmd -B -DskipTests -pl course-tool -am package 1>&2
  exit /b 1
)
popd
rem for /f, unlike set /p, reads lines longer than 1024 characters.
for /f "usebackq delims=" %%L in ("%ROOT%course-tool\target\classpath.txt") do set "CP=%%L"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" "-Dfromzero.course.home=%ROOT:~0,-1%" -cp "%ROOT%course-tool\target\classes;%CP%" dev.fromzero.course.Main %*
exit /b %ERRORLEVEL%
