"""Written procedures (skriftlig proces): decisions the voting members take between meetings."""
