@echo off
rem jixiao offline installer for Windows: finds a Python that fits the bundle
rem and runs install.py with it (a .venv beside this file, installed from
rem wheelhouse\ with no network). Only ASCII above "chcp 65001"; the file is
rem UTF-8 without BOM and has CRLF line endings.
setlocal
for /f "tokens=2 delims=:." %%a in ('chcp') do set "OLDCP=%%a"
chcp 65001 >nul
set "HERE=%~dp0"
set "PYEXE="

if not exist "%HERE%install.py" goto notextracted
if not exist "%HERE%wheelhouse\" goto notextracted

call :try py -3.13
if not defined PYEXE call :try py -3.12
if not defined PYEXE call :try py -3.11
if not defined PYEXE call :try py -3
if not defined PYEXE call :try python
if not defined PYEXE goto nopython

%PYEXE% "%HERE%install.py" %*
set "RC=%ERRORLEVEL%"
goto end

:try
%* "%HERE%install.py" --check >nul 2>&1
if not errorlevel 1 set "PYEXE=%*"
exit /b 0

:notextracted
echo 错误：请先把整个 zip 解压到一个文件夹（右键 - 全部解压缩），再运行其中的 install.bat。
echo     Error: extract the whole zip into a folder first (right-click - Extract All), then run its install.bat.
set "RC=1"
goto end

:nopython
echo 错误：没有找到可用的 Python。需要 64 位的 Python 3.11、3.12 或 3.13。
echo     请改用自带 Python 的 jixiao-*-windows.zip（免安装：解压后双击“绩效自评.bat”）。
echo     Error: no suitable Python found. The bundle needs a 64-bit Python 3.11, 3.12 or 3.13.
echo     Use jixiao-*-windows.zip instead: Python inside, nothing to install (extract, double-click 绩效自评.bat).
set "RC=1"
goto end

:end
pause
if defined OLDCP chcp %OLDCP% >nul
exit /b %RC%
