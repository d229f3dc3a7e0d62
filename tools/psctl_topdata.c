/* psctl_topdata.c */
