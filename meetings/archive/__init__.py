"""Years of past agendas and minutes (Word, PDF) read into held meetings of the portal."""
